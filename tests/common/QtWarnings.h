// Makes any Qt warning a test failure: a page that prints "QAbstractItemView::closeEditor called
// with an editor that does not belong to this view" (or anything else through qWarning) fails
// the test function that made it. A test that expects a warning says so with
// QTest::ignoreMessage, which takes precedence.
#pragma once

#include <QRegularExpression>
#include <QTest>

namespace mbtest {

// Call from init(): QTest forgets the pattern at the end of each test function. The offscreen
// platform's own notices that it has no window manager to pass a request to ("This plugin does
// not support raise()", "... propagateSizeHints()", "... grabbing the keyboard") say nothing
// about the program, and are the only messages let through.
inline void failOnQtWarnings() {
    QTest::failOnWarning(QRegularExpression(
        QStringLiteral("^(?!This plugin does not support [a-zA-Z ]+(\\(\\))?$)")));
}

}  // namespace mbtest
