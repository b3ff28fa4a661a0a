#include "ProjectPage.h"

#include "EmptyState.h"

#include <QLabel>
#include <QPalette>
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

    stack_ = new QStackedWidget(this);
    emptyState_ = new EmptyState(stack_);
    stack_->addWidget(emptyState_);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(18, 14, 18, 12);
    layout->setSpacing(4);
    layout->addWidget(heading);
    layout->addWidget(subtitle);
    layout->addSpacing(10);
    layout->addWidget(stack_, 1);
}

void ProjectPage::setBody(QWidget* body) {
    body_ = body;
    stack_->addWidget(body);
    stack_->setCurrentWidget(connection_ ? body_ : emptyState_);
}

void ProjectPage::setConnection(ProjectConnection* connection) {
    connection_ = connection;
    stack_->setCurrentWidget(connection_ && body_ ? body_ : static_cast<QWidget*>(emptyState_));
}

}  // namespace mb::ui
