// The checks each page's test runs on its "Saved scenarios" dialog (ui/common/ScenarioManager.h):
// a rename onto a name already taken is refused and changes nothing, a rename keeps what the
// scenario holds, a delete removes it, and the page's own list follows each change.
#pragma once

#include "common/ScenarioManager.h"
#include "data/Project.h"
#include "data/SavedScenarios.h"

#include <QComboBox>
#include <QTest>
#include <functional>

namespace mbtest {

// The names a page's scenario box lists.
inline QStringList comboTexts(const QComboBox* box) {
    QStringList texts;
    for (int i = 0; i < box->count(); ++i)
        texts << box->itemText(i);
    return texts;
}

// first and second: two scenarios of `page` saved in the project at projectPath; listed: the
// names the page shows now. Call QTest::currentTestFailed() after.
inline void checkManagingScenarios(mb::ui::ScenarioManager* dialog, const QString& projectPath,
                                   const QString& page, const QString& first, const QString& second,
                                   const std::function<QStringList()>& listed) {
    using namespace mb;
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->names().contains(first));
    QVERIFY(dialog->names().contains(second));
    const auto stored = [&](const QString& name) {
        return data::savedScenario(*data::Project::open(projectPath), page, name);
    };
    const std::optional<data::SavedScenario> before = stored(first);
    QVERIFY(before.has_value());

    // Onto a name already taken: refused with the reason, both still there.
    QVERIFY(!dialog->renameScenario(first, second));
    QVERIFY2(dialog->errorText().contains(QStringLiteral("already")),
             qPrintable(dialog->errorText()));
    QVERIFY(stored(first).has_value());
    QVERIFY(stored(second).has_value());
    QVERIFY(listed().contains(first));

    const QString renamed = first + QStringLiteral(" (renamed)");
    QVERIFY2(dialog->renameScenario(first, renamed), qPrintable(dialog->errorText()));
    QVERIFY(dialog->errorText().isEmpty());
    QVERIFY(!stored(first).has_value());
    const std::optional<data::SavedScenario> after = stored(renamed);
    QVERIFY(after.has_value());
    QCOMPARE(after->request, before->request);
    QCOMPARE(after->edits, before->edits);
    QVERIFY(dialog->names().contains(renamed));
    QVERIFY(!listed().contains(first));
    QVERIFY(listed().contains(renamed));

    QVERIFY2(dialog->deleteScenario(second), qPrintable(dialog->errorText()));
    QVERIFY(!stored(second).has_value());
    QVERIFY(!dialog->names().contains(second));
    QVERIFY(!listed().contains(second));
    QVERIFY(listed().contains(renamed));
    // Deleting what is no longer there says so.
    QVERIFY(!dialog->deleteScenario(second));
    QVERIFY(!dialog->errorText().isEmpty());
    dialog->close();
}

}  // namespace mbtest
