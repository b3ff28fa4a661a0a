#include "LayoutTestSection.h"

#include "ProjectConnection.h"
#include "common/Error.h"
#include "common/Numbers.h"
#include "common/TaskBar.h"
#include "data/Project.h"

#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

Q_DECLARE_METATYPE(mb::ui::LayoutTestShownPointer)

namespace mb::ui {

namespace {

QStringList storeList(const QString& text) {
    QStringList stores;
    for (const QString& store : text.split(u',', Qt::SkipEmptyParts))
        if (!store.trimmed().isEmpty())
            stores.append(store.trimmed());
    return stores;
}

QTableWidgetItem* cell(const QString& text, bool number = true) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    if (number)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

// How a measure's values read: a share as a percentage (its differences in points), money in
// the project's currency.
struct MeasureFormat {
    QString name;
    bool share = false;
    QString level(double value) const {
        return share ? formatPercent(value) : formatMoney(value, 2);
    }
    QString change(double value) const {
        return share ? QObject::tr("%1 points").arg(bound(value)) : formatSignedMoney(value, 2);
    }
    // An interval's end: signed only when negative.
    QString bound(double value) const {
        return share ? formatNumber(100.0 * value, 1) : formatMoney(value, 2);
    }
};

QString withInterval(const QString& value, const QString& low, const QString& high) {
    return QObject::tr("%1 (%2 to %3)").arg(value, low, high);
}

}  // namespace

LayoutTestSection::LayoutTestSection(QWidget* parent) : QWidget(parent) {
    auto* intro = new QLabel(
        tr("Did a layout change work? Compare the stores whose layout changed on a date with "
           "stores that did not, over the same weeks before and after it (difference in "
           "differences, intervals clustered by store)."),
        this);
    intro->setWordWrap(true);
    stores_ = new QLineEdit(this);
    stores_->setPlaceholderText(tr("e.g. S1,S2"));
    stores_->setToolTip(tr("The stores whose layout changed on the date, comma-separated"));
    control_ = new QLineEdit(this);
    control_->setPlaceholderText(tr("all other stores"));
    control_->setToolTip(
        tr("Control stores, comma-separated; empty: every other store with "
           "baskets before and after the date"));
    date_ = new QDateEdit(this);
    date_->setCalendarPopup(true);
    date_->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    date_->setDate(QDate(2024, 1, 1));
    weeks_ = new QSpinBox(this);
    weeks_->setRange(1, 104);
    weeks_->setValue(layout::LayoutTestRequest{}.weeks);
    weeks_->setSuffix(tr(" weeks"));
    runButton_ = new QPushButton(tr("Run test"), this);
    // Two rows of controls: the stores get the width (a chain's pilot names several), the date,
    // weeks and the button follow; the result below gets the page's height.
    auto* stores = new QHBoxLayout;
    auto* when = new QHBoxLayout;
    const auto addControl = [&](QHBoxLayout* row, const QString& label, QWidget* control,
                                int stretch) {
        auto* name = new QLabel(label, this);
        name->setBuddy(control);
        row->addWidget(name);
        row->addWidget(control, stretch);
    };
    addControl(stores, tr("&Changed stores"), stores_, 1);
    addControl(stores, tr("C&ontrol stores"), control_, 1);
    addControl(when, tr("&Date of the change"), date_, 0);
    addControl(when, tr("&Weeks before and after"), weeks_, 0);
    when->addStretch(1);
    when->addWidget(runButton_);
    auto* controls = new QVBoxLayout;
    controls->addLayout(stores);
    controls->addLayout(when);
    banner_ = new OutOfDateBanner(this);
    verdict_ = new QLabel(tr("Choose the changed stores and the date, then Run test."), this);
    verdict_->setWordWrap(true);
    verdict_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = verdict_->font();
    bold.setBold(true);
    verdict_->setFont(bold);
    table_ = new QTableWidget(0, 7, this);
    table_->setHorizontalHeaderLabels({tr("Measure"), tr("Changed, before"), tr("Changed, after"),
                                       tr("Control, before"), tr("Control, after"),
                                       tr("Difference in differences (95% CI)"),
                                       tr("Relative change (95% CI)")});
    table_->verticalHeader()->hide();
    // The figures keep their width; the measures' names take what the page has left.
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    table_->setSelectionMode(QAbstractItemView::NoSelection);
    table_->setWordWrap(false);  // one line a measure, so the height below holds them all
    detail_ = new QLabel(this);
    detail_->setWordWrap(true);
    detail_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    taskBar_ = new TaskBar(this);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(controls);
    layout->addWidget(banner_);
    layout->addWidget(verdict_);
    layout->addWidget(table_);
    layout->addWidget(detail_);
    layout->addStretch(1);
    layout->addWidget(taskBar_);

    connect(runButton_, &QPushButton::clicked, this, &LayoutTestSection::run);
    for (QLineEdit* edit : {stores_, control_})
        connect(edit, &QLineEdit::textChanged, this, &LayoutTestSection::updateFreshness);
    connect(date_, &QDateEdit::dateChanged, this, &LayoutTestSection::updateFreshness);
    connect(weeks_, &QSpinBox::valueChanged, this, &LayoutTestSection::updateFreshness);
}

LayoutTestSection::~LayoutTestSection() = default;

void LayoutTestSection::setConnection(ProjectConnection* connection) {
    ++generation_;
    taskBar_->cancel();
    connection_ = connection;
    clearResult();
    fingerprintNow_.clear();
    if (!connection_ || !connection_->isOpen())
        return;
    fingerprintNow_ = connection_->inputFingerprint();
    try {
        const layout::LayoutChange change = layout::latestLayoutChange(connection_->project());
        if (!change.date.isEmpty()) {
            stores_->setText(change.stores.join(u','));
            date_->setDate(QDate::fromString(change.date, Qt::ISODate));
        }
    } catch (const Error&) {
        // A project without layout rows: the planner types the stores and the date.
    }
}

void LayoutTestSection::refresh() {
    fingerprintNow_ =
        connection_ && connection_->isOpen() ? connection_->inputFingerprint() : QString();
    updateFreshness();
}

layout::LayoutTestRequest LayoutTestSection::request() const {
    layout::LayoutTestRequest request;
    request.stores = storeList(stores_->text());
    request.control = storeList(control_->text());
    request.date = date_->date().toString(Qt::ISODate);
    request.weeks = weeks_->value();
    return request;
}

void LayoutTestSection::setRequest(const layout::LayoutTestRequest& request) {
    stores_->setText(request.stores.join(u','));
    control_->setText(request.control.join(u','));
    date_->setDate(QDate::fromString(request.date, Qt::ISODate));
    weeks_->setValue(request.weeks);
}

Freshness LayoutTestSection::freshness() const {
    if (!shown_)
        return Freshness::Current;
    return freshnessOf(shown_->result.provenance, request().toJson(), fingerprintNow_);
}

void LayoutTestSection::run() {
    if (!connection_ || !connection_->isOpen())
        return;
    layout::LayoutTestRequest request;
    try {
        // The request's own checks first, with the field named, before any work.
        request = layout::LayoutTestRequest::fromJson(this->request().toJson());
    } catch (const Error& error) {
        clearResult();
        verdict_->setText(error.message());
        return;
    }
    const QString path = connection_->projectPath();
    runButton_->setEnabled(false);
    BackgroundTask* task =
        taskBar_->start(tr("Testing the layout change"), [path, request](ProgressToken&) {
            // The layout-test job's load and compute, on a connection of its own.
            const auto project = data::Project::open(path, data::Project::OpenMode::MustExist);
            auto shown = std::make_shared<LayoutTestShown>();
            shown->inputs = layout::loadLayoutTest(*project, request);
            shown->result = layout::computeLayoutTest(shown->inputs, request);
            return QVariant::fromValue(LayoutTestShownPointer(std::move(shown)));
        });
    const quint64 generation = generation_;
    connect(task, &BackgroundTask::finished, this, [this, generation](const QVariant& result) {
        if (generation == generation_)
            show(result.value<LayoutTestShownPointer>());
    });
    connect(task, &BackgroundTask::failed, this, [this, generation](const QString& message) {
        if (generation != generation_)
            return;
        clearResult();
        verdict_->setText(message);
    });
    connect(task, &BackgroundTask::ended, this, [this, generation] {
        if (generation != generation_)
            return;
        runButton_->setEnabled(true);
        emit runEnded();
    });
}

void LayoutTestSection::clearResult() {
    shown_.reset();
    table_->setRowCount(0);
    fitTableHeight();
    detail_->clear();
    verdict_->setText(tr("Choose the changed stores and the date, then Run test."));
    updateFreshness();
}

void LayoutTestSection::show(LayoutTestShownPointer shown) {
    shown_ = std::move(shown);
    if (!shown_)
        return;
    fingerprintNow_ = connection_ ? connection_->inputFingerprint() : QString();
    const layout::LayoutTestResult& result = shown_->result;
    const layout::LayoutTestInputs& inputs = shown_->inputs;
    verdict_->setText(result.verdict.left(1).toUpper() + result.verdict.mid(1) + u'.');
    const std::pair<MeasureFormat, const layout::MeasureEffect*> rows[] = {
        {{tr("Cross-category basket share"), true}, &result.crossCategory},
        {{tr("Basket value"), false}, result.basketValue ? &*result.basketValue : nullptr},
        {{tr("Moved categories' sales"), false},
         result.movedSales ? &*result.movedSales : nullptr}};
    table_->setRowCount(static_cast<int>(std::size(rows)));
    for (int r = 0; r < static_cast<int>(std::size(rows)); ++r) {
        const auto& [format, measure] = rows[r];
        table_->setItem(r, 0, cell(format.name, false));
        table_->item(r, 0)->setToolTip(
            format.share ? tr("Baskets with products from two or more categories")
                         : tr("Mean of a store-week (a basket's value; the moved categories' "
                              "sales in a store's week)"));
        if (!measure) {
            table_->setItem(r, 1, cell(tr("not measured (see below)"), false));
            for (int c = 2; c < 7; ++c)
                table_->setItem(r, c, cell(QString()));
            continue;
        }
        table_->setItem(r, 1, cell(format.level(measure->changedBefore)));
        table_->setItem(r, 2, cell(format.level(measure->changedAfter)));
        table_->setItem(r, 3, cell(format.level(measure->controlBefore)));
        table_->setItem(r, 4, cell(format.level(measure->controlAfter)));
        const layout::ClusteredCoefficient& d = measure->difference;
        table_->setItem(r, 5,
                        cell(withInterval(format.change(d.estimate), format.bound(d.low),
                                          format.bound(d.high))));
        table_->setItem(
            r, 6,
            cell(std::isfinite(measure->effect)
                     ? withInterval(formatSignedPercent(measure->effect),
                                    formatPercent(measure->low), formatPercent(measure->high))
                     : tr("no baseline")));
    }
    fitTableHeight();
    QStringList lines;
    const int controls = static_cast<int>(inputs.stores.size()) - inputs.changedStores;
    lines
        << tr("Compared: %1 against %2 (%3 to %4, the change on %5).")
               .arg(inputs.stores.mid(0, inputs.changedStores).join(QStringLiteral(", ")),
                    inputs.stores.mid(inputs.changedStores, controls).join(QStringLiteral(", ")),
                    inputs.firstDay,
                    QDate::fromString(inputs.endDay, Qt::ISODate).addDays(-1).toString(Qt::ISODate),
                    inputs.date);
    lines << tr("Moved categories (zone changed across the date): %1.")
                 .arg(inputs.movedByStore.join(QStringLiteral("; ")));
    if (result.preTrend.checked)
        lines << tr("Pre-period check: the changed stores' share moved %1 points a week "
                    "against the controls' before the date (95% CI %2 to %3): %4.")
                     .arg(formatNumber(100.0 * result.preTrend.slope.estimate, 2),
                          formatNumber(100.0 * result.preTrend.slope.low, 2),
                          formatNumber(100.0 * result.preTrend.slope.high, 2),
                          result.preTrend.parallel ? tr("parallel") : tr("not parallel"));
    if (const auto& permutation = result.crossCategory.permutation)
        lines << tr("Store permutation of the cross-category share: p = %1 over %2 choices of "
                    "changed stores (%3); the difference's interval %4 to %5 points.")
                     .arg(formatNumber(permutation->pValue, 3),
                          formatNumber(double(permutation->assignments)),
                          permutation->exact ? tr("every one") : tr("a seeded sample"),
                          std::isfinite(permutation->low)
                              ? formatNumber(100.0 * permutation->low, 1)
                              : tr("unbounded"),
                          std::isfinite(permutation->high)
                              ? formatNumber(100.0 * permutation->high, 1)
                              : tr("unbounded"));
    lines << tr("Intervals: a store-week regression with store and week effects, errors "
                "clustered by store, Student's t on %1 degrees of freedom (stores less one). "
                "With few changed stores they are approximate.")
                 .arg(result.crossCategory.difference.degreesOfFreedom);
    for (const QString& warning : inputs.warnings)
        lines << tr("Note: %1.").arg(warning);
    detail_->setText(lines.join(u'\n'));
    updateFreshness();
}

void LayoutTestSection::fitTableHeight() {
    // Every measure in view without a scroll: three rows do not need one, and a squeezed table
    // would hide the ones the planner came for.
    table_->resizeRowsToContents();
    int height = table_->horizontalHeader()->sizeHint().height() + 2 * table_->frameWidth() +
                 table_->horizontalScrollBar()->sizeHint().height();
    for (int row = 0; row < table_->rowCount(); ++row)
        height += table_->rowHeight(row);
    table_->setFixedHeight(height);
}

void LayoutTestSection::updateFreshness() {
    banner_->setFreshness(freshness(), tr("layout test"), tr("Run test"));
}

}  // namespace mb::ui
