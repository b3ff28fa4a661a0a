// The main() of every widget test: the offscreen platform unless one is set, 96 dpi and the
// Fusion style so screenshots look the same everywhere, and settings in a temporary folder so a
// test never reads or writes the user's own.
#pragma once

#include <QApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

namespace mbtest {

template <class Test>
int runGuiTest(int argc, char* argv[]) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication::setAttribute(Qt::AA_Use96Dpi);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Merchbench"));
    QApplication::setApplicationName(QStringLiteral("Merchbench"));
    QApplication::setStyle(QStringLiteral("Fusion"));
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir settingsDir;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir.path());
    Test test;
    const int result = QTest::qExec(&test, argc, argv);
    // Workers of cancelled background tasks finish before the application goes.
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return result;
}

}  // namespace mbtest

#define MERCHBENCH_GUI_TEST_MAIN(Test)               \
    int main(int argc, char* argv[]) {               \
        return mbtest::runGuiTest<Test>(argc, argv); \
    }
