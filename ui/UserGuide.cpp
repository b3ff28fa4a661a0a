#include "UserGuide.h"

#include <QDialogButtonBox>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace mb::ui {

UserGuide::UserGuide(QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("userGuide"));
    setWindowTitle(tr("Merchbench user guide"));
    browser_ = new QTextBrowser(this);
    browser_->setObjectName(QStringLiteral("userGuideText"));
    // Links inside the guide move within it; nothing is fetched from outside.
    browser_->setOpenExternalLinks(false);
    browser_->setSource(QUrl(QStringLiteral("qrc:/guide/user-guide.html")));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(browser_);
    layout->addWidget(buttons);
    resize(760, 640);
}

}  // namespace mb::ui
