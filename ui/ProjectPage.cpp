#include "ProjectPage.h"

#include "EmptyState.h"

#include <QLabel>
#include <QPalette>
#include <QScrollArea>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace mb::ui {

ProjectPage::ProjectPage(const QString& title, const QString& description, QWidget* parent)
    : QWidget(parent), title_(title) {
    auto* heading = new QLabel(title, this);
    heading->setObjectName(QStringLiteral("pageTitle"));
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.6);
    headingFont.setBold(true);
    heading->setFont(headingFont);

    auto* subtitle = new QLabel(description, this);
    subtitle->setObjectName(QStringLiteral("pageDescription"));
    subtitle->setWordWrap(true);
    subtitle->setForegroundRole(QPalette::PlaceholderText);

    requiredInputs_ = new RequiredInputsPanel(this);
    connect(requiredInputs_, &RequiredInputsPanel::importRequested, this,
            &ProjectPage::importRequested);

    stack_ = new QStackedWidget(this);
    emptyState_ = new EmptyState(stack_);
    stack_->addWidget(emptyState_);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(18, 14, 18, 12);
    layout->setSpacing(4);
    layout->addWidget(heading);
    layout->addWidget(subtitle);
    layout->addSpacing(10);
    layout->addWidget(requiredInputs_);
    layout->addWidget(stack_, 1);
}

void ProjectPage::setBody(QWidget* body) {
    body_ = body;
    // The body keeps its minimum size inside the scroll area, which scrolls instead of making
    // the window grow past the screen.
    scroll_ = new QScrollArea(stack_);
    scroll_->setObjectName(QStringLiteral("pageScroll"));
    scroll_->setWidgetResizable(true);
    scroll_->setFrameShape(QFrame::NoFrame);
    scroll_->setWidget(body);
    stack_->addWidget(scroll_);
    stack_->setCurrentWidget(connection_ ? static_cast<QWidget*>(scroll_) : emptyState_);
}

void ProjectPage::setRequiredInputs(std::vector<RequiredInput> inputs) {
    requiredInputs_->setInputs(std::move(inputs));
    updateRequiredInputs();
}

void ProjectPage::updateRequiredInputs() {
    requiredInputs_->update(connection_);
}

void ProjectPage::setConnection(ProjectConnection* connection) {
    connection_ = connection;
    stack_->setCurrentWidget(connection_ && scroll_ ? static_cast<QWidget*>(scroll_)
                                                    : static_cast<QWidget*>(emptyState_));
    updateRequiredInputs();
}

}  // namespace mb::ui
