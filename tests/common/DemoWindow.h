// The set-up the page tests share: the demo project built by `merchbench-cli demo` (its runs and
// exports included, as a user's first session leaves them), and a page alone in a shown window.
#pragma once

#include "CliRun.h"

#include <QDir>
#include <QTest>
#include <QVBoxLayout>
#include <QWidget>
#include <memory>

namespace mbtest {

// Builds the demo into folder (datasets/demo unless MERCHBENCH_DEMO_DIR says otherwise); its
// project is folder/demo.merchbench. False with the CLI's message in *error.
inline bool buildDemoWithCli(const QString& folder, QString* projectPath, QString* error) {
    if (qEnvironmentVariableIsEmpty("MERCHBENCH_DEMO_DIR"))
        qputenv("MERCHBENCH_DEMO_DIR", MERCHBENCH_SOURCE_DIR "/datasets/demo");
    const CliRun built = runCli({QStringLiteral("demo"), folder});
    *projectPath = QDir(folder).filePath(QStringLiteral("demo.merchbench"));
    *error = QString::fromUtf8(built.err);
    return built.exitCode == 0;
}

// A new Page alone in a new window of the given size, shown; false when the window was never
// exposed.
template <class Page>
bool showPageInWindow(std::unique_ptr<QWidget>& window, Page*& page, QSize size) {
    window = std::make_unique<QWidget>();
    auto* layout = new QVBoxLayout(window.get());
    page = new Page(window.get());
    layout->addWidget(page);
    window->resize(size);
    window->show();
    return QTest::qWaitForWindowExposed(window.get());
}

}  // namespace mbtest
