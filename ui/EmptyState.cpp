#include "EmptyState.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace mb::ui {

EmptyState::EmptyState(QWidget* parent) : QWidget(parent) {
    auto* title = new QLabel(tr("No project is open"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);

    auto* text = new QLabel(
        tr("A Merchbench project is one file that holds your imported sales, stock, customer and "
           "floor-plan data together with every analysis you run on it. Start with the demo "
           "retailer to look around, or create a project for your own data."),
        this);
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignCenter);
    // A wrapped label placed with an alignment gets no height-for-width: fix both, or it clips.
    text->setFixedWidth(560);
    text->setFixedHeight(text->heightForWidth(560));

    auto* demo = new QPushButton(tr("Open demo project"), this);
    demo->setObjectName(QStringLiteral("openDemoButton"));
    demo->setDefault(true);
    auto* create = new QPushButton(tr("New project"), this);
    create->setObjectName(QStringLiteral("newProjectButton"));
    auto* open = new QPushButton(tr("Open…"), this);
    open->setObjectName(QStringLiteral("openProjectButton"));
    for (QPushButton* button : {demo, create, open})
        button->setMinimumWidth(150);
    connect(demo, &QPushButton::clicked, this, &EmptyState::openDemoRequested);
    connect(create, &QPushButton::clicked, this, &EmptyState::newProjectRequested);
    connect(open, &QPushButton::clicked, this, &EmptyState::openProjectRequested);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(demo);
    buttons->addWidget(create);
    buttons->addWidget(open);
    buttons->addStretch();

    auto* layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addWidget(title);
    layout->addSpacing(8);
    layout->addWidget(text, 0, Qt::AlignHCenter);
    layout->addSpacing(16);
    layout->addLayout(buttons);
    layout->addStretch(3);
}

}  // namespace mb::ui
