// A shard's temporary folder names its owner, so that the folder of a shard killed with kill -9
// is removed by the next shard on the host, and nothing else is: not a living shard's, not
// another host's, not one being made, not a folder that is not a shard's.
#include "pg/ShardFolder.h"

#include <QFile>
#include <QProcess>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

class TestShardFolder : public QObject {
    Q_OBJECT

private:
    // A folder of `temp` with an owner note (none when `owner` is null).
    static bool folder(const QDir& temp, const QString& name, const QString& owner) {
        if (!temp.mkpath(name + QStringLiteral("/sub")))
            return false;
        QFile project(temp.filePath(name + QStringLiteral("/sub/slice.merchbench")));
        if (!project.open(QIODevice::WriteOnly) || project.write("x") != 1)
            return false;
        if (owner.isNull())
            return true;
        QFile note(temp.filePath(name + QStringLiteral("/owner")));
        return note.open(QIODevice::WriteOnly) && note.write(owner.toUtf8()) == owner.size();
    }

private slots:
    void removesOnlyTheFoldersOfShardsThatAreGone() {
        QTemporaryDir base;
        QVERIFY(base.isValid());
        const QDir temp(base.path());
        // A process of this host that has ended: its pid names no process now.
        QProcess ended;
        ended.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("exit 0")});
        QVERIFY(ended.waitForStarted());
        const qint64 gone = ended.processId();
        QVERIFY(ended.waitForFinished());
        const QString host = QSysInfo::machineHostName();
        QVERIFY(folder(temp, QStringLiteral("merchbench-shard-killed"),
                       QStringLiteral("%1 %2").arg(host).arg(gone)));
        QVERIFY(folder(temp, QStringLiteral("merchbench-shard-living"),
                       QStringLiteral("%1 %2").arg(host).arg(static_cast<qint64>(::getpid()))));
        QVERIFY(folder(temp, QStringLiteral("merchbench-shard-elsewhere"),
                       QStringLiteral("another-host-%1 %2").arg(host).arg(gone)));
        QVERIFY(folder(temp, QStringLiteral("merchbench-shard-making"), QString()));
        QVERIFY(folder(temp, QStringLiteral("merchbench-shard-garbled"),
                       QStringLiteral("%1 twelve").arg(host)));
        QVERIFY(folder(temp, QStringLiteral("not-a-shard"),
                       QStringLiteral("%1 %2").arg(host).arg(gone)));

        {
            const mb::pg::ShardFolder shard(temp);
            QCOMPARE(shard.removedStale(), 1);
            // The new folder names this process, so the next shard leaves it while it lives.
            QFile note(shard.filePath(QStringLiteral("owner")));
            QVERIFY(note.open(QIODevice::ReadOnly));
            QCOMPARE(QString::fromUtf8(note.readAll()),
                     QStringLiteral("%1 %2").arg(host).arg(static_cast<qint64>(::getpid())));
            QCOMPARE(mb::pg::ShardFolder::removeStale(temp), 0);
        }
        QStringList left = temp.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        left.sort();
        QCOMPARE(left, (QStringList{QStringLiteral("merchbench-shard-elsewhere"),
                                    QStringLiteral("merchbench-shard-garbled"),
                                    QStringLiteral("merchbench-shard-living"),
                                    QStringLiteral("merchbench-shard-making"),
                                    QStringLiteral("not-a-shard")}));
    }
};

QTEST_GUILESS_MAIN(TestShardFolder)
#include "tst_shardfolder.moc"
