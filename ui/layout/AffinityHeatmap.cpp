#include "AffinityHeatmap.h"

#include "common/Numbers.h"
#include "layout/Seriation.h"

#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLinearGradient>
#include <algorithm>
#include <cmath>

namespace mb::ui {

namespace {

constexpr double kCell = 56;

// Diverging red-white-blue for t in [-1, 1] (ColorBrewer RdBu ends, Brewer 2003).
QColor divergingColour(double t) {
    t = std::clamp(std::isfinite(t) ? t : 0.0, -1.0, 1.0);
    const QColor white(0xf7, 0xf7, 0xf7);
    const QColor end = t >= 0 ? QColor(0x21, 0x66, 0xac) : QColor(0xb2, 0x18, 0x2b);
    const double s = std::abs(t);
    return QColor::fromRgbF(
        static_cast<float>(white.redF() + s * (end.redF() - white.redF())),
        static_cast<float>(white.greenF() + s * (end.greenF() - white.greenF())),
        static_cast<float>(white.blueF() + s * (end.blueF() - white.blueF())));
}

QGraphicsSimpleTextItem* text(QGraphicsScene* scene, const QString& value, int pixels, bool bold,
                              const QColor& colour) {
    auto* item = scene->addSimpleText(value);
    QFont font;
    font.setPixelSize(pixels);
    font.setBold(bold);
    item->setFont(font);
    item->setBrush(colour);
    return item;
}

}  // namespace

AffinityHeatmap::AffinityHeatmap(QWidget* parent) : QGraphicsView(parent) {
    setScene(new QGraphicsScene(this));
    setRenderHint(QPainter::Antialiasing);
    setRenderHint(QPainter::TextAntialiasing);
    setBackgroundBrush(Qt::white);
    setMinimumSize(300, 300);
}

void AffinityHeatmap::setPairs(const QStringList& categories,
                               const std::vector<layout::CategoryPair>& pairs) {
    categories_ = categories;
    const auto n = static_cast<std::size_t>(categories.size());
    phi_.assign(n * n, std::nan(""));
    lift_.assign(n * n, std::nan(""));
    std::vector<double> similarity(n * n, 0.0);
    for (const layout::CategoryPair& pair : pairs) {
        const auto a = static_cast<std::size_t>(pair.categoryA);
        const auto b = static_cast<std::size_t>(pair.categoryB);
        phi_[a * n + b] = phi_[b * n + a] = pair.measures.phi;
        lift_[a * n + b] = lift_[b * n + a] = pair.measures.lift;
        if (std::isfinite(pair.measures.phi))
            similarity[a * n + b] = similarity[b * n + a] = pair.measures.phi;
    }
    order_ = layout::clusterLeafOrder(similarity, static_cast<int>(n));
    rebuild();
}

void AffinityHeatmap::setMeasure(Measure measure) {
    measure_ = measure;
    rebuild();
}

QStringList AffinityHeatmap::orderedCategories() const {
    QStringList names;
    for (const int c : order_)
        names.append(categories_[c]);
    return names;
}

double AffinityHeatmap::valueAt(int categoryA, int categoryB) const {
    const auto n = static_cast<std::size_t>(categories_.size());
    if (categoryA < 0 || categoryB < 0 || static_cast<std::size_t>(categoryA) >= n ||
        static_cast<std::size_t>(categoryB) >= n || categoryA == categoryB)
        return std::nan("");
    const std::size_t cell =
        static_cast<std::size_t>(categoryA) * n + static_cast<std::size_t>(categoryB);
    return measure_ == Measure::Phi ? phi_[cell] : lift_[cell];
}

void AffinityHeatmap::rebuild() {
    scene()->clear();
    const int n = static_cast<int>(order_.size());
    if (n == 0)
        return;
    // Colour scale: phi over its largest magnitude; lift on log2 so 2x and 0.5x look alike.
    double scale = 1e-9;
    for (int a = 0; a < n; ++a)
        for (int b = 0; b < n; ++b) {
            const double v = valueAt(a, b);
            if (std::isfinite(v) && v > 0)
                scale = std::max(scale, std::abs(measure_ == Measure::Phi ? v : std::log2(v)));
        }
    double labelWidth = 0;
    for (const QString& name : categories_)
        labelWidth = std::max(labelWidth, QFontMetricsF(QFont()).horizontalAdvance(name) * 1.2);
    const double left = labelWidth + 12, top = 34;
    auto* title = text(scene(),
                       measure_ == Measure::Phi
                           ? tr("Phi (purchase correlation), clustered order")
                           : tr("Lift (bought together vs. independently), clustered order"),
                       15, true, QColor(0x21, 0x21, 0x21));
    title->setPos(0, 0);
    for (int row = 0; row < n; ++row) {
        const int a = order_[static_cast<std::size_t>(row)];
        auto* rowLabel = text(scene(), categories_[a], 13, false, QColor(0x21, 0x21, 0x21));
        rowLabel->setPos(left - 8 - rowLabel->boundingRect().width(),
                         top + row * kCell + kCell / 2 - rowLabel->boundingRect().height() / 2);
        auto* columnLabel = text(scene(), categories_[a], 13, false, QColor(0x21, 0x21, 0x21));
        columnLabel->setRotation(-45);
        // Rotated up to the right, the label ends under its column.
        const double width = columnLabel->boundingRect().width() * 0.7071;
        columnLabel->setPos(left + row * kCell + kCell / 2 - width - 6,
                            top + n * kCell + 10 + width);
        for (int column = 0; column < n; ++column) {
            const int b = order_[static_cast<std::size_t>(column)];
            const double value = valueAt(a, b);
            const double t = !std::isfinite(value) ? 0.0
                             : measure_ == Measure::Phi
                                 ? value / scale
                                 : (value > 0 ? std::log2(value) / scale : -1.0);
            const QColor fill = a == b ? QColor(0xe0, 0xe0, 0xe0) : divergingColour(t);
            auto* cell =
                scene()->addRect(QRectF(left + column * kCell, top + row * kCell, kCell, kCell),
                                 QPen(Qt::white, 1), fill);
            if (a == b || !std::isfinite(value))
                continue;
            cell->setToolTip(QStringLiteral("%1 × %2: %3")
                                 .arg(categories_[a], categories_[b], formatNumber(value, 3)));
            auto* label = text(scene(), formatNumber(value, 2), 12, false,
                               std::abs(t) > 0.55 ? Qt::white : QColor(0x21, 0x21, 0x21));
            label->setPos(left + column * kCell + kCell / 2 - label->boundingRect().width() / 2,
                          top + row * kCell + kCell / 2 - label->boundingRect().height() / 2);
        }
    }
    // Legend: the colour bar from "bought apart" to "bought together".
    const double lx = left + n * kCell + 24;
    QLinearGradient gradient(0, top + 200, 0, top);
    for (int i = 0; i <= 10; ++i)
        gradient.setColorAt(i / 10.0, divergingColour(-1 + i / 5.0));
    scene()->addRect(QRectF(lx, top, 20, 200), QPen(QColor(0x90, 0x90, 0x90)), QBrush(gradient));
    const QString high =
        measure_ == Measure::Phi ? formatNumber(scale, 2) : formatNumber(std::exp2(scale), 2);
    const QString low =
        measure_ == Measure::Phi ? formatNumber(-scale, 2) : formatNumber(std::exp2(-scale), 2);
    const QString middle = measure_ == Measure::Phi ? QStringLiteral("0") : QStringLiteral("1");
    const QString labels[] = {high + tr(" together"), middle, low + tr(" apart")};
    for (int i = 0; i < 3; ++i) {
        auto* label = text(scene(), labels[i], 12, false, QColor(0x42, 0x42, 0x42));
        label->setPos(lx + 26, top + i * 100 - 7);
    }
    scene()->setSceneRect(scene()->itemsBoundingRect().adjusted(-8, -8, 8, 8));
    fitInView(sceneRect(), Qt::KeepAspectRatio);
}

void AffinityHeatmap::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    fitInView(sceneRect(), Qt::KeepAspectRatio);
}

}  // namespace mb::ui
