#pragma once

#include <QDialog>

class QTextBrowser;

namespace mb::ui {

// Help > User guide: the offline guide shipped in the resources (:/guide/user-guide.html),
// each page and each term a planner meets, without a network or a browser.
class UserGuide : public QDialog {
    Q_OBJECT
public:
    explicit UserGuide(QWidget* parent = nullptr);
    QTextBrowser* browser() const { return browser_; }

private:
    QTextBrowser* browser_ = nullptr;
};

}  // namespace mb::ui
