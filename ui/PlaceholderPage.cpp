#include "PlaceholderPage.h"

#include "Format.h"
#include "ProjectConnection.h"
#include "data/Kind.h"

#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace mb::ui {

namespace {

QLabel* boldLabel(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

}  // namespace

PlaceholderPage::PlaceholderPage(const QString& title, const QString& description,
                                 const QString& plan, std::vector<Need> needs, QWidget* parent)
    : ProjectPage(title, description, parent), needs_(std::move(needs)) {
    auto* content = new QWidget;
    auto* comingTitle = boldLabel(tr("Coming in a later version"), content);
    auto* planLabel = new QLabel(plan, content);
    planLabel->setObjectName(QStringLiteral("planText"));
    planLabel->setWordWrap(true);
    planLabel->setTextFormat(Qt::PlainText);
    planLabel->setMaximumWidth(820);

    auto* needsFrame = new QFrame(content);
    needsFrame->setFrameShape(QFrame::StyledPanel);
    needsGrid_ = new QGridLayout(needsFrame);
    needsGrid_->setContentsMargins(14, 10, 14, 10);
    needsGrid_->setHorizontalSpacing(24);
    needsGrid_->setVerticalSpacing(6);
    needsGrid_->addWidget(boldLabel(tr("Input"), needsFrame), 0, 0);
    needsGrid_->addWidget(boldLabel(tr("What it holds"), needsFrame), 0, 1);
    needsGrid_->addWidget(boldLabel(tr("In this project"), needsFrame), 0, 2);
    int row = 1;
    for (const Need& need : needs_) {
        const data::KindSpec* kind = data::findKind(need.kind);
        const QString name = need.required ? need.kind : tr("%1 (optional)").arg(need.kind);
        needsGrid_->addWidget(new QLabel(name, needsFrame), row, 0);
        auto* description = new QLabel(kind ? kind->description : QString(), needsFrame);
        description->setWordWrap(true);
        needsGrid_->addWidget(description, row, 1);
        auto* count = new QLabel(needsFrame);
        count->setObjectName(QStringLiteral("count_%1").arg(need.kind));
        count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        needsGrid_->addWidget(count, row, 2);
        ++row;
    }
    needsGrid_->setColumnStretch(1, 1);
    needsFrame->setMaximumWidth(820);
    counts_.assign(needs_.size(), -1);

    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->setSpacing(8);
    layout->addWidget(comingTitle);
    layout->addWidget(planLabel);
    layout->addSpacing(12);
    layout->addWidget(boldLabel(tr("Data it needs"), content));
    layout->addWidget(needsFrame);
    layout->addStretch();

    auto* scroll = new QScrollArea;
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setWidget(content);
    setBody(scroll);
}

void PlaceholderPage::setConnection(ProjectConnection* connection) {
    ProjectPage::setConnection(connection);
    refresh();
}

void PlaceholderPage::refresh() {
    for (std::size_t i = 0; i < needs_.size(); ++i) {
        const Need& need = needs_[i];
        const data::KindSpec* kind = data::findKind(need.kind);
        counts_[i] = connection() && kind ? connection()->countRows(kind->table) : -1;
        auto* label = findChild<QLabel*>(QStringLiteral("count_%1").arg(need.kind));
        if (!label)
            continue;
        const qint64 rows = counts_[i];
        if (rows > 0) {
            label->setText(formatRows(rows));
            label->setStyleSheet(QString());
        } else {
            label->setText(need.required ? tr("none yet: import it") : tr("none"));
            label->setStyleSheet(need.required ? QStringLiteral("color: #b03a2e;") : QString());
        }
    }
}

qint64 PlaceholderPage::shownCount(const QString& kind) const {
    for (std::size_t i = 0; i < needs_.size(); ++i) {
        if (needs_[i].kind == kind)
            return counts_[i];
    }
    return -1;
}

}  // namespace mb::ui
