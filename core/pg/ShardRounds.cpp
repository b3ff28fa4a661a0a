#include "pg/ShardRounds.h"

#include "common/Progress.h"
#include "jobs/RunRecorder.h"
#include "pg/PgConnection.h"
#include "pg/RunPublisher.h"

#include <QElapsedTimer>
#include <algorithm>
#include <cmath>
#include <limits>

namespace mb::pg {

namespace {

// Without a notice, the first look again after 50 ms, then less often, at most each second.
constexpr unsigned long kFirstPauseMs = 50;
constexpr unsigned long kLongestPauseMs = 1000;

}  // namespace

bool chainOrder(const QPair<QString, QString>& a, const QPair<QString, QString>& b) {
    const QByteArray productA = a.first.toUtf8(), productB = b.first.toUtf8();
    if (productA != productB)
        return productA < productB;
    return a.second.toUtf8() < b.second.toUtf8();
}

QString exactNumber(double value) {
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
    return QString::number(value, 'g', 17);
}

double readExactNumber(const QString& text, const QString& what) {
    if (text == QStringLiteral("NaN"))
        return std::numeric_limits<double>::quiet_NaN();
    if (text == QStringLiteral("Infinity") || text == QStringLiteral("-Infinity"))
        return text.startsWith(QLatin1Char('-')) ? -std::numeric_limits<double>::infinity()
                                                 : std::numeric_limits<double>::infinity();
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok)
        throw ShardExchangeError(
            QStringLiteral("the sink holds %1 \"%2\", not a number").arg(what, text));
    return value;
}

ShardRounds::ShardRounds(const QString& sink, QString runKey, ShardIndex index, QString exchange,
                         QString request, double waitSeconds)
    : connection_(std::make_unique<PgConnection>(sink)),
      runKey_(std::move(runKey)),
      index_(index),
      exchange_(std::move(exchange)),
      request_(std::move(request)),
      waitSeconds_(waitSeconds) {
    connection_->exec(QStringLiteral("BEGIN"), QStringLiteral("starting the transaction"));
    ensurePublishTables(*connection_, SinkTables::Rounds);
    connection_->exec(QStringLiteral("COMMIT"), QStringLiteral("creating the rounds' tables"));
    // A shard that publishes a round says so on this channel: the others wake at once.
    connection_->exec(QStringLiteral("LISTEN merchbench_rounds"),
                      QStringLiteral("listening for the other shards' rounds"));
}

ShardRounds::~ShardRounds() = default;

bool ShardRounds::published(int round) {
    return !connection_
                ->column(QStringLiteral("SELECT 1 FROM merchbench.shard_rounds WHERE run_key = $1 "
                                        "AND shards = $2 AND exchange = $3 AND round = $4 AND "
                                        "shard = $5"),
                         {runKey_, QString::number(index_.shards), exchange_,
                          QString::number(round), QString::number(index_.shard)},
                         QStringLiteral("looking for the shard's round"))
                .isEmpty();
}

void ShardRounds::publish(int round, double value, long long units,
                          const std::function<void(PgConnection&)>& copy) {
    PgConnection& sink = *connection_;
    sink.exec(QStringLiteral("BEGIN"), QStringLiteral("starting the transaction"));
    try {
        const long long marked = sink.execParams(
            QStringLiteral("INSERT INTO merchbench.shard_rounds (run_key, shards, exchange, round, "
                           "shard, value, units, request) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                           "ON CONFLICT DO NOTHING"),
            {runKey_, QString::number(index_.shards), exchange_, QString::number(round),
             QString::number(index_.shard), exactNumber(value), QString::number(units), request_},
            QStringLiteral("recording the shard's round"));
        if (marked == 0) {
            // Another run of this shard got there first: its part stands.
            sink.exec(QStringLiteral("ROLLBACK"), QStringLiteral("ending the transaction"));
            return;
        }
        copy(sink);
        sink.column(QStringLiteral("SELECT pg_notify('merchbench_rounds', $1)::text"), {runKey_},
                    QStringLiteral("telling the other shards"));
        sink.exec(QStringLiteral("COMMIT"), QStringLiteral("publishing the shard's round"));
        ++publishedRounds_;
    } catch (const Error&) {
        try {
            sink.exec(QStringLiteral("ROLLBACK"), QStringLiteral("ending the transaction"));
        } catch (const Error&) {
            // The connection is gone; the server ends the transaction itself.
        }
        throw;
    }
}

void ShardRounds::waitForAll(int round, double value, ProgressToken* progress) {
    QElapsedTimer waited;
    waited.start();
    qsizetype lastCount = 0;
    unsigned long pause = kFirstPauseMs;
    const QString expected = exactNumber(value);
    for (;;) {
        const std::vector<QStringList> shards = connection_->rows(
            QStringLiteral("SELECT shard::text, value::text, (request = $5)::text FROM "
                           "merchbench.shard_rounds WHERE run_key = $1 AND shards = $2 AND "
                           "exchange = $3 AND round = $4 ORDER BY shard"),
            {runKey_, QString::number(index_.shards), exchange_, QString::number(round), request_},
            QStringLiteral("waiting for the other shards' round"));
        QList<int> in;
        for (const QStringList& shard : shards) {
            if (shard[2] != QStringLiteral("true"))
                throw ShardExchangeError(
                    QStringLiteral("shard %1/%2 of run %3 runs another request: the shards of a "
                                   "run key share one request")
                        .arg(shard[0])
                        .arg(index_.shards)
                        .arg(runKey_));
            const double theirs = readExactNumber(shard[1], QStringLiteral("a round's value"));
            if (exactNumber(theirs) != expected)
                throw ShardExchangeError(
                    QStringLiteral("shard %1/%2 took round %3 of the %4 at %5 and this shard at "
                                   "%6: the shards read different data (did the source change "
                                   "while they ran?)")
                        .arg(shard[0])
                        .arg(index_.shards)
                        .arg(round)
                        .arg(exchange_, shard[1], expected));
            in << shard[0].toInt();
        }
        if (in.size() == index_.shards)
            return;
        // The wait counts from the last shard that came: a slow slice is not a lost one.
        if (in.size() > lastCount) {
            lastCount = in.size();
            waited.restart();
        }
        if (progress && progress->isCancelled())
            throw jobs::Cancelled();
        if (static_cast<double>(waited.elapsed()) > waitSeconds_ * 1000.0) {
            QStringList missing;
            for (int shard = 1; shard <= index_.shards; ++shard)
                if (!in.contains(shard))
                    missing << QString::number(shard);
            throw ShardExchangeError(
                QStringLiteral("round %1 of the chain's %2: shard(s) %3 of %4 have not published "
                               "it after %5 s. The shards of this run share the %2 and must run "
                               "at the same time (chain-run.sh starts them together); run the "
                               "missing shards, and this one again")
                    .arg(round)
                    .arg(exchange_ == QStringLiteral("budget")
                             ? QStringLiteral("markdown budget")
                             : QStringLiteral("category-level elasticity shrinkage"),
                         missing.join(QStringLiteral(", ")))
                    .arg(index_.shards)
                    .arg(waitSeconds_, 0, 'f', 0));
        }
        // Woken by a shard's notice, or after a while in any case (a notice is only a hint).
        connection_->waitForNotification(static_cast<int>(pause));
        pause = std::min(pause * 2, kLongestPauseMs);
    }
}

}  // namespace mb::pg
