#include "UpliftCharts.h"

#include "common/ChartPanel.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLineSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace mb::ui {

namespace {

const QColor kModelColor(0x1f, 0x6f, 0xb5);
const QColor kRandomColor(0x9e, 0x9e, 0x9e);
const QColor kPerfectColor(0x2e, 0x8b, 0x57);
const QColor kObservedColor(0xe0, 0x8a, 0x1e);

QLineSeries* line(const QString& name, const QColor& color, Qt::PenStyle style) {
    auto* series = new QLineSeries;
    series->setName(name);
    QPen pen(color);
    pen.setWidthF(2.0);
    pen.setStyle(style);
    series->setPen(pen);
    return series;
}

QList<QPointF> pointsOf(const targeting::UpliftCurve& curve) {
    QList<QPointF> points;
    points.reserve(static_cast<qsizetype>(curve.x.size()));
    for (std::size_t i = 0; i < curve.x.size(); ++i)
        points.append(QPointF(curve.x[i], curve.y[i]));
    return points;
}

// Pads a range by 5% so lines do not sit on the frame.
void setPaddedRange(QValueAxis* axis, double low, double high) {
    if (!(high > low))
        high = low + 1.0;
    const double pad = (high - low) * 0.05;
    axis->setRange(low - pad, high + pad);
}

}  // namespace

UpliftCharts::UpliftCharts(QWidget* parent) : QWidget(parent) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    const QString titles[] = {tr("Qini curve (holdout)"), tr("Uplift curve (holdout)"),
                              tr("Uplift by decile (holdout)")};
    const QString names[] = {QStringLiteral("qiniChart"), QStringLiteral("upliftChart"),
                             QStringLiteral("decileChart")};
    ChartPanel** panels[] = {&qini_, &uplift_, &deciles_};
    for (int i = 0; i < 3; ++i) {
        auto* panel = new ChartPanel(this);
        panel->setObjectName(names[i]);
        panel->setTitle(titles[i]);
        // Tall enough for the axis titles in full; the tab scrolls on a small screen.
        panel->view()->setMinimumSize(280, 280);
        layout->addWidget(panel, 1);
        *panels[i] = panel;
    }
}

void UpliftCharts::setParameters(const QJsonObject& parameters) {
    for (ChartPanel* panel : {qini_, uplift_, deciles_})
        panel->setParameters(parameters);
}

void UpliftCharts::setEmptyText(const QString& text) {
    for (ChartPanel* panel : {qini_, uplift_, deciles_})
        panel->setEmptyText(text);
}

void UpliftCharts::showArm(const ModelEvaluationPtr& evaluation, int arm) {
    for (ChartPanel* panel : {qini_, uplift_, deciles_})
        panel->clear();
    if (!evaluation || arm < 0 || arm >= static_cast<int>(evaluation->arms.size()))
        return;
    const ArmEvaluation& shown = evaluation->arms[static_cast<std::size_t>(arm)];
    qini_->setBaseName(tr("Qini curve %1").arg(shown.arm));
    uplift_->setBaseName(tr("Uplift curve %1").arg(shown.arm));
    deciles_->setBaseName(tr("Uplift by decile %1").arg(shown.arm));
    if (shown.qini.x.empty())
        return;
    const QString gained =
        evaluation->binaryOutcome ? tr("Responders gained") : tr("Outcome gained");
    showCurves(qini_, shown.qini, shown.qiniPerfect, gained);
    showCurves(uplift_, shown.uplift, shown.upliftPerfect, gained);
    showDeciles(shown, evaluation->binaryOutcome);
}

void UpliftCharts::showCurves(ChartPanel* panel, const targeting::UpliftCurve& model,
                              const targeting::UpliftCurve& perfect, const QString& yTitle) {
    auto* x = new QValueAxis;
    x->setTitleText(tr("Customers targeted (best scored first)"));
    x->setLabelFormat(QStringLiteral("%.0f"));
    auto* y = new QValueAxis;
    y->setTitleText(yTitle);
    auto* modelLine = line(tr("Model"), kModelColor, Qt::SolidLine);
    modelLine->replace(pointsOf(model));
    // Random targeting gains in proportion to the customers reached: the chord to the end point.
    auto* randomLine = line(tr("Random"), kRandomColor, Qt::DashLine);
    randomLine->replace({QPointF(0.0, 0.0), QPointF(model.x.back(), model.y.back())});
    auto* perfectLine = line(tr("Perfect"), kPerfectColor, Qt::DotLine);
    perfectLine->replace(pointsOf(perfect));
    double low = 0.0;
    double high = 0.0;
    for (const targeting::UpliftCurve* curve : {&model, &perfect}) {
        for (const double value : curve->y) {
            low = std::min(low, value);
            high = std::max(high, value);
        }
    }
    x->setRange(0.0, std::max(1.0, model.x.back()));
    setPaddedRange(y, low, high);
    panel->addSeries(perfectLine, x, y);
    panel->addSeries(randomLine, x, y);
    panel->addSeries(modelLine, x, y);
}

void UpliftCharts::showDeciles(const ArmEvaluation& arm, bool binaryOutcome) {
    // A 0/1 response reads best in percentage points, a spend in its own unit.
    const double scale = binaryOutcome ? 100.0 : 1.0;
    auto* predicted = new QBarSet(tr("Predicted"));
    predicted->setColor(kModelColor);
    auto* observed = new QBarSet(tr("Observed"));
    observed->setColor(kObservedColor);
    QStringList categories;
    double low = 0.0;
    double high = 0.0;
    for (std::size_t i = 0; i < arm.deciles.size(); ++i) {
        const DecileBar& bar = arm.deciles[i];
        categories << QString::number(i + 1);
        const double seen = std::isfinite(bar.observed) ? bar.observed : 0.0;
        *predicted << bar.predicted * scale;
        *observed << seen * scale;
        low = std::min({low, bar.predicted * scale, seen * scale});
        high = std::max({high, bar.predicted * scale, seen * scale});
    }
    auto* series = new QBarSeries;
    series->append(predicted);
    series->append(observed);
    auto* x = new QBarCategoryAxis;
    x->append(categories);
    x->setTitleText(tr("Decile of predicted uplift (1 = highest)"));
    auto* y = new QValueAxis;
    y->setTitleText(binaryOutcome ? tr("Uplift (pp)") : tr("Uplift per customer"));
    setPaddedRange(y, low, high);
    deciles_->addSeries(series, x, y);
}

}  // namespace mb::ui
