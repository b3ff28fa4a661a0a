#include "PublishPanel.h"

#include "BackgroundTask.h"
#include "Numbers.h"
#include "ProjectConnection.h"
#include "common/Error.h"
#include "data/Project.h"
#include "pg/PublishSink.h"
#include "pg/RunPublisher.h"

#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

namespace mb::ui {

namespace {

// What landed, in the planner's words, from the publisher's report.
QString publishedText(qint64 runId, const QJsonObject& report) {
    const QString key = report.value(QStringLiteral("run_key")).toString();
    const QString sink = report.value(QStringLiteral("sink")).toString();
    if (report.value(QStringLiteral("already_published")).toBool())
        return PublishPanel::tr("Run %1 was published before as %2 in %3; nothing changed.")
            .arg(runId)
            .arg(key, sink);
    QStringList parts;
    const auto count = [&parts, &report](const char* field, const QString& one,
                                         const QString& many) {
        const double rows = report.value(QLatin1String(field)).toDouble();
        if (rows > 0)
            parts.append((rows == 1 ? one : many).arg(formatNumber(rows)));
    };
    count("price_changes", PublishPanel::tr("%1 price change"),
          PublishPanel::tr("%1 price changes"));
    count("offer_list", PublishPanel::tr("%1 offer"), PublishPanel::tr("%1 offers"));
    count("layout_scenario", PublishPanel::tr("%1 layout row"), PublishPanel::tr("%1 layout rows"));
    if (parts.isEmpty())
        parts.append(PublishPanel::tr("its provenance only (no decisions)"));
    return PublishPanel::tr("Published run %1 as %2 to %3: %4.")
        .arg(runId)
        .arg(key, sink, parts.join(QStringLiteral(", ")));
}

}  // namespace

PublishPanel::PublishPanel(QWidget* parent) : QWidget(parent) {
    button_ = new QPushButton(tr("Publish to database"), this);
    button_->setObjectName(QStringLiteral("publishButton"));
    connect(button_, &QPushButton::clicked, this, &PublishPanel::publish);
    busy_ = new QProgressBar(this);
    busy_->setObjectName(QStringLiteral("publishProgress"));
    // The publisher sends its rows in one transaction and says nothing until it commits.
    busy_->setRange(0, 0);
    busy_->setMaximumWidth(80);
    busy_->setTextVisible(false);
    busy_->hide();
    result_ = new QLabel(this);
    result_->setObjectName(QStringLiteral("publishResult"));
    result_->setWordWrap(true);
    // Long messages (a server's error) wrap in the room left over instead of widening the window,
    // and the line grows to hold them.
    QSizePolicy wraps(QSizePolicy::Ignored, QSizePolicy::Minimum);
    wraps.setHeightForWidth(true);
    result_->setSizePolicy(wraps);
    result_->setMinimumWidth(160);
    result_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(button_, 0, Qt::AlignTop);
    layout->addWidget(busy_, 0, Qt::AlignTop);
    layout->addWidget(result_, 1);
    setConnection(nullptr);
}

PublishPanel::~PublishPanel() {
    // The work keeps only what it captured; a publish in flight commits or rolls back alone.
    if (task_)
        task_->abandon();
}

void PublishPanel::setConnection(ProjectConnection* connection) {
    // Another project: a publish still in flight finishes alone (its transaction commits or
    // rolls back whole), and its result is not shown against this project.
    if (task_ && task_->isRunning()) {
        task_->abandon();
        task_->deleteLater();
        task_ = nullptr;
        busy_->hide();
    }
    connection_ = connection;
    readSink();
    setRun(-1);
}

void PublishPanel::readSink() {
    sink_.clear();
    if (connection_) {
        try {
            sink_ = pg::publishSink(connection_->project());
        } catch (const Error&) {
            // A project that cannot be read offers no publishing; its pages say why.
        }
    }
    button_->setToolTip(sink_.isEmpty()
                            ? QString()
                            : tr("Write the recorded run's decisions and provenance to %1 "
                                 "(File > Project Settings), once.")
                                  .arg(sink_));
    setVisible(!sink_.isEmpty());
    updateButton();
}

void PublishPanel::setRun(qint64 runId) {
    runId_ = runId;
    if (!isPublishing())
        result_->clear();
    updateButton();
}

bool PublishPanel::isPublishing() const {
    return task_ && task_->isRunning();
}

QString PublishPanel::resultText() const {
    return result_->text();
}

void PublishPanel::updateButton() {
    button_->setEnabled(!sink_.isEmpty() && runId_ >= 0 && !isPublishing());
}

void PublishPanel::showResult(const QString& text, bool failed) {
    busy_->hide();
    result_->setText(text);
    result_->setStyleSheet(failed ? QStringLiteral("color: #b3261e;") : QString());
    updateButton();
    emit publishEnded(text, failed);
}

bool PublishPanel::publish() {
    if (!connection_ || sink_.isEmpty() || runId_ < 0 || isPublishing())
        return false;
    if (guard_ && !guard_())
        return false;
    const QString path = connection_->projectPath();
    const QString sink = sink_;
    const qint64 runId = runId_;
    // Its own connection to the project: the GUI thread's stays free for the window.
    auto work = [path, sink, runId](ProgressToken&) {
        const auto project = data::Project::open(path, data::Project::OpenMode::MustExist);
        return QVariant::fromValue(pg::publishRun(*project, runId, sink).toJson());
    };
    if (task_)
        task_->deleteLater();
    task_ = new BackgroundTask(tr("Publishing to database"), work, this);
    connect(task_, &BackgroundTask::finished, this, [this, runId](const QVariant& report) {
        showResult(publishedText(runId, report.toJsonObject()), false);
    });
    connect(task_, &BackgroundTask::failed, this, [this](const QString& message) {
        showResult(tr("Publishing failed: %1; nothing was published.").arg(message), true);
    });
    connect(task_, &BackgroundTask::cancelled, this,
            [this] { showResult(tr("Publishing stopped; nothing was published."), true); });
    result_->setText(tr("Publishing run %1 to %2…").arg(runId).arg(sink));
    result_->setStyleSheet(QString());
    busy_->show();
    task_->start();
    updateButton();
    return true;
}

}  // namespace mb::ui
