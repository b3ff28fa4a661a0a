// A main window of a given size with a project open on one of its pages: the set-up of the tests
// that check a page fits the screen.
#pragma once

#include "MainWindow.h"

#include <QSize>
#include <QString>

namespace mbtest {

// Sizes and shows the window, opens the project and shows the page; the page as Page, or
// nullptr with the reason in *error.
template <class Page>
Page* openProjectOnPage(mb::ui::MainWindow& window, QSize size, const QString& project,
                        int pageIndex, QString* error) {
    window.resize(size);
    window.show();
    if (!window.openProject(project, error))
        return nullptr;
    window.showPage(pageIndex);
    auto* page = qobject_cast<Page*>(window.page(pageIndex));
    if (!page)
        *error = QStringLiteral("page %1 is not the page asked for").arg(pageIndex);
    return page;
}

}  // namespace mbtest
