#include "FloorPlanView.h"

#include "common/Numbers.h"

#include <QBrush>
#include <QFont>
#include <QGraphicsItemGroup>
#include <QGraphicsLineItem>
#include <QGraphicsPolygonItem>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QLinearGradient>
#include <QLocale>
#include <QMouseEvent>
#include <QPen>
#include <QWheelEvent>
#include <QtMath>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace mb::ui {

namespace {

constexpr double kUnit = FloorPlanView::kUnitsPerMetre;
constexpr int kZoneZ = 0, kLinkZ = 1, kArrowZ = 2, kBlockZ = 3, kDragZ = 10;

const QColor kEntrance(0x2e, 0x7d, 0x32);
const QColor kCheckout(0x6a, 0x1b, 0x9a);

// Colour-blind-safe categorical colours (Okabe and Ito 2008) for the category blocks.
const QColor kBlockColours[] = {QColor(0xE6, 0x9F, 0x00), QColor(0x56, 0xB4, 0xE9),
                                QColor(0x00, 0x9E, 0x73), QColor(0xF0, 0xE4, 0x42),
                                QColor(0x00, 0x72, 0xB2), QColor(0xD5, 0x5E, 0x00),
                                QColor(0xCC, 0x79, 0xA7), QColor(0x99, 0x99, 0x99)};

QFont sceneFont(double pixels, bool bold = false) {
    QFont font;
    font.setPixelSize(static_cast<int>(pixels));
    font.setBold(bold);
    return font;
}

QGraphicsSimpleTextItem* addText(QGraphicsScene* scene, const QString& text, const QFont& font,
                                 const QColor& colour, QGraphicsItem* parent = nullptr) {
    auto* item = new QGraphicsSimpleTextItem(text, parent);
    item->setFont(font);
    item->setBrush(colour);
    if (!parent)
        scene->addItem(item);
    return item;
}

void centreText(QGraphicsSimpleTextItem* item, const QPointF& centre) {
    const QRectF box = item->boundingRect();
    item->setPos(centre - QPointF(box.width() / 2, box.height() / 2));
}

QString formatValue(double value, bool asPercent) {
    return asPercent ? formatPercent(value, 1) : formatNumber(value, 2);
}

}  // namespace

QColor sequentialColour(double t) {
    // ColorBrewer "Blues" ends (Brewer 2003), interpolated in RGB.
    const QColor low(0xf7, 0xfb, 0xff), high(0x08, 0x51, 0x9c);
    t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0);
    return QColor::fromRgbF(static_cast<float>(low.redF() + t * (high.redF() - low.redF())),
                            static_cast<float>(low.greenF() + t * (high.greenF() - low.greenF())),
                            static_cast<float>(low.blueF() + t * (high.blueF() - low.blueF())));
}

QColor textColourOn(const QColor& background) {
    return background.lightnessF() < 0.55 ? Qt::white : QColor(0x21, 0x21, 0x21);
}

FloorPlanView::FloorPlanView(QWidget* parent) : QGraphicsView(parent) {
    setScene(new QGraphicsScene(this));
    setRenderHint(QPainter::Antialiasing);
    setRenderHint(QPainter::TextAntialiasing);
    setBackgroundBrush(Qt::white);
    setMouseTracking(true);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setMinimumSize(240, 180);
}

QPointF FloorPlanView::zoneCentre(int zone) const {
    const layout::FloorPoint centre = plan_.zones[static_cast<std::size_t>(zone)].centre();
    return std::isfinite(centre.x) ? QPointF(centre.x * kUnit, centre.y * kUnit) : QPointF();
}

void FloorPlanView::setPlan(const layout::FloorPlan& plan) {
    scene()->clear();
    zoneItems_.clear();
    blocks_.clear();
    legend_ = arrows_ = nullptr;
    caption_ = nullptr;
    arrowCount_ = 0;
    plan_ = plan;
    for (const layout::FloorZone& zone : plan_.zones) {
        QPolygonF polygon;
        for (const layout::FloorPoint& point : zone.outline)
            polygon << QPointF(point.x * kUnit, point.y * kUnit);
        auto* item = scene()->addPolygon(polygon, QPen(QColor(0x90, 0x90, 0x90), 1.5),
                                         QBrush(QColor(0xfa, 0xfa, 0xfa)));
        item->setZValue(kZoneZ);
        if (zone.type == layout::ZoneType::Entrance || zone.type == layout::ZoneType::Checkout) {
            QPen pen(zone.type == layout::ZoneType::Entrance ? kEntrance : kCheckout, 4);
            pen.setStyle(Qt::DashLine);
            item->setPen(pen);
        }
        item->setToolTip(tr("%1 (%2), %3 m²")
                             .arg(zone.name.isEmpty() ? zone.zone : zone.name, zone.zone)
                             .arg(zone.area(), 0, 'f', 0));
        const QRectF box = polygon.boundingRect();
        auto* name = addText(scene(), zone.name.isEmpty() ? zone.zone : zone.name,
                             sceneFont(13, true), QColor(0x21, 0x21, 0x21), item);
        name->setPos(box.topLeft() + QPointF(6, 4));
        QString type = layout::zoneTypeName(zone.type);
        if (zone.type == layout::ZoneType::Entrance)
            type = tr("▶ entrance");
        else if (zone.type == layout::ZoneType::Checkout)
            type = tr("■ checkout");
        auto* typeText =
            addText(scene(), zone.zone + QStringLiteral(" · ") + type, sceneFont(11),
                    zone.type == layout::ZoneType::Entrance   ? kEntrance
                    : zone.type == layout::ZoneType::Checkout ? kCheckout
                                                              : QColor(0x61, 0x61, 0x61),
                    item);
        typeText->setPos(box.bottomLeft() + QPointF(6, -18));
        zoneItems_.push_back(item);
    }
    for (const layout::ZoneLink& link : plan_.links) {
        const QPointF a = zoneCentre(link.zoneA), b = zoneCentre(link.zoneB);
        QPen pen(QColor(0x9e, 0x9e, 0x9e), 1.2);
        pen.setStyle(Qt::DotLine);
        auto* line = scene()->addLine(QLineF(a, b), pen);
        line->setZValue(kLinkZ);
        line->setToolTip(tr("%1 – %2: %3 m walk")
                             .arg(plan_.zones[static_cast<std::size_t>(link.zoneA)].zone,
                                  plan_.zones[static_cast<std::size_t>(link.zoneB)].zone)
                             .arg(link.metres, 0, 'f', 1));
    }
    const QStringList categories = categories_;
    setCategories(categories);
    buildLegend();
    fitPlan();
}

void FloorPlanView::setCategories(const QStringList& categories) {
    for (QGraphicsRectItem* block : blocks_)
        delete block;
    blocks_.clear();
    categories_ = categories;
    for (int c = 0; c < categories.size(); ++c) {
        auto* block = new QGraphicsRectItem(0, 0, 120, 26);
        const QColor colour = kBlockColours[c % std::size(kBlockColours)];
        block->setBrush(colour);
        block->setPen(QPen(colour.darker(150), 1.5));
        block->setZValue(kBlockZ);
        block->setData(0, c);
        block->setCursor(Qt::OpenHandCursor);
        auto* label =
            addText(scene(), categories[c], sceneFont(13, true), textColourOn(colour), block);
        centreText(label, QPointF(60, 13));
        block->setToolTip(tr("%1: drag to another zone to move it, or onto another category to "
                             "swap them")
                              .arg(categories[c]));
        scene()->addItem(block);
        block->hide();
        blocks_.push_back(block);
    }
    placeBlocks();
}

void FloorPlanView::setAssignment(const std::vector<int>& zoneOfCategory) {
    assignment_ = zoneOfCategory;
    placeBlocks();
}

void FloorPlanView::placeBlocks() {
    std::vector<int> stacked(plan_.zones.size(), 0);
    std::vector<int> perZone(plan_.zones.size(), 0);
    const auto zoneOf = [&](std::size_t c) {
        const int zone = c < assignment_.size() ? assignment_[c] : -1;
        return zone >= 0 && zone < static_cast<int>(plan_.zones.size()) ? zone : -1;
    };
    for (std::size_t c = 0; c < blocks_.size(); ++c)
        if (zoneOf(c) >= 0)
            ++perZone[static_cast<std::size_t>(zoneOf(c))];
    for (std::size_t c = 0; c < blocks_.size(); ++c) {
        QGraphicsRectItem* block = blocks_[c];
        const int zone = zoneOf(c);
        block->setVisible(zone >= 0);
        if (zone < 0)
            continue;
        const auto z = static_cast<std::size_t>(zone);
        const double step = 30;
        const QPointF centre =
            zoneCentre(zone) + QPointF(-60, -13 + step * (stacked[z]++ - (perZone[z] - 1) / 2.0));
        block->setPos(centre);
        block->setZValue(kBlockZ);
    }
}

void FloorPlanView::setZoneValues(const std::vector<double>& values, const QString& legendTitle,
                                  bool asPercent) {
    values_ = values;
    legendTitle_ = legendTitle;
    asPercent_ = asPercent;
    double low = std::numeric_limits<double>::infinity(), high = -low;
    for (const double value : values)
        if (std::isfinite(value)) {
            low = std::min(low, value);
            high = std::max(high, value);
        }
    for (std::size_t z = 0; z < zoneItems_.size(); ++z) {
        const double value = z < values.size() ? values[z] : std::nan("");
        QColor fill(0xfa, 0xfa, 0xfa);
        if (std::isfinite(value))
            fill = sequentialColour(high > low ? (value - low) / (high - low) : 0.0);
        zoneItems_[z]->setBrush(fill);
        // Names and types stay readable on dark fills; the dashed border marks entrance and
        // checkout.
        const QColor text = textColourOn(fill);
        for (QGraphicsItem* child : zoneItems_[z]->childItems())
            if (auto* label = dynamic_cast<QGraphicsSimpleTextItem*>(child))
                label->setBrush(text);
    }
    buildLegend();
}

void FloorPlanView::buildLegend() {
    delete legend_;
    legend_ = nullptr;
    if (values_.empty() || zoneItems_.empty())
        return;
    double low = std::numeric_limits<double>::infinity(), high = -low;
    for (const double value : values_)
        if (std::isfinite(value)) {
            low = std::min(low, value);
            high = std::max(high, value);
        }
    if (!std::isfinite(low))
        return;
    QRectF planBox;
    for (QGraphicsPolygonItem* item : zoneItems_)
        planBox |= item->polygon().boundingRect();
    legend_ = new QGraphicsItemGroup;
    scene()->addItem(legend_);
    const double x = planBox.right() + 30, top = planBox.top();
    const double barHeight = std::min(260.0, planBox.height() - 60);
    auto* title = addText(scene(), legendTitle_, sceneFont(12, true), QColor(0x21, 0x21, 0x21));
    title->setPos(x, top);
    legend_->addToGroup(title);
    QLinearGradient gradient(0, top + 24 + barHeight, 0, top + 24);
    for (int i = 0; i <= 10; ++i)
        gradient.setColorAt(i / 10.0, sequentialColour(i / 10.0));
    auto* bar = scene()->addRect(QRectF(x, top + 24, 22, barHeight), QPen(QColor(0x90, 0x90, 0x90)),
                                 QBrush(gradient));
    legend_->addToGroup(bar);
    for (int i = 0; i <= 4; ++i) {
        const double value = high - (high - low) * i / 4.0;
        auto* label = addText(scene(), formatValue(value, asPercent_), sceneFont(11),
                              QColor(0x42, 0x42, 0x42));
        label->setPos(x + 28, top + 24 + barHeight * i / 4.0 - 7);
        legend_->addToGroup(label);
    }
    // Short keys fit beside the plan at 1280x800; the colour names the dashed border.
    const QString keys[] = {tr("▶ entrance"), tr("■ checkout")};
    const QString tips[] = {tr("The entrance zone has a green dashed border"),
                            tr("The checkout zone has a purple dashed border")};
    for (int i = 0; i < 2; ++i) {
        auto* key = addText(scene(), keys[i], sceneFont(11), i == 0 ? kEntrance : kCheckout);
        key->setToolTip(tips[i]);
        key->setPos(x, top + 36 + barHeight + 16 * i);
        legend_->addToGroup(key);
    }
    // The fitted view holds the legend too (it may come after the plan was fitted).
    fitPlan();
}

void FloorPlanView::setCaption(const QString& caption) {
    delete caption_;
    caption_ = nullptr;
    if (caption.isEmpty() || zoneItems_.empty())
        return;
    QRectF planBox;
    for (QGraphicsPolygonItem* item : zoneItems_)
        planBox |= item->polygon().boundingRect();
    auto* text = addText(scene(), caption, sceneFont(15, true), QColor(0x21, 0x21, 0x21));
    text->setPos(planBox.left(), planBox.top() - 26);
    caption_ = text;
    fitPlan();
}

void FloorPlanView::setFlows(const std::vector<std::int64_t>& moves, int maxArrows) {
    delete arrows_;
    arrows_ = nullptr;
    arrowCount_ = 0;
    const std::size_t m = plan_.zones.size();
    if (moves.size() != m * m || m == 0)
        return;
    std::vector<std::size_t> order(moves.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return moves[a] != moves[b] ? moves[a] > moves[b] : a < b;
    });
    const double most = static_cast<double>(moves[order.front()]);
    if (most <= 0)
        return;
    arrows_ = new QGraphicsItemGroup;
    arrows_->setZValue(kArrowZ);
    scene()->addItem(arrows_);
    const QColor colour(0xd8, 0x43, 0x15, 200);
    for (int i = 0; i < maxArrows && i < static_cast<int>(order.size()); ++i) {
        const std::size_t cell = order[static_cast<std::size_t>(i)];
        if (moves[cell] <= 0)
            break;
        const int from = static_cast<int>(cell / m), to = static_cast<int>(cell % m);
        QPointF a = zoneCentre(from), b = zoneCentre(to);
        QLineF line(a, b);
        if (line.length() < 1)
            continue;
        // Offset to the right of the direction of travel, so A->B and B->A sit side by side.
        const QPointF unit = (b - a) / line.length();
        const QPointF normal(-unit.y(), unit.x());
        a += normal * 9 + unit * 34;
        b += normal * 9 - unit * 34;
        const double width = 1.5 + 9.0 * static_cast<double>(moves[cell]) / most;
        QPen pen(colour, width, Qt::SolidLine, Qt::FlatCap);
        auto* shaft = new QGraphicsLineItem(QLineF(a, b - unit * (width + 6)));
        shaft->setPen(pen);
        shaft->setToolTip(tr("%1 → %2: %3 moves")
                              .arg(plan_.zones[static_cast<std::size_t>(from)].zone,
                                   plan_.zones[static_cast<std::size_t>(to)].zone)
                              .arg(formatNumber(static_cast<double>(moves[cell]))));
        arrows_->addToGroup(shaft);
        const double head = width + 8;
        QPolygonF tip;
        tip << b << b - unit * head * 1.4 + normal * head * 0.7
            << b - unit * head * 1.4 - normal * head * 0.7;
        auto* tipItem = new QGraphicsPolygonItem(tip);
        tipItem->setBrush(colour);
        tipItem->setPen(Qt::NoPen);
        arrows_->addToGroup(tipItem);
        ++arrowCount_;
    }
}

int FloorPlanView::blockCount() const {
    return static_cast<int>(
        std::count_if(blocks_.begin(), blocks_.end(),
                      [](QGraphicsRectItem* block) { return block->isVisible(); }));
}

QPoint FloorPlanView::blockViewportCentre(int category) const {
    if (category < 0 || category >= static_cast<int>(blocks_.size()))
        return {};
    const QGraphicsRectItem* block = blocks_[static_cast<std::size_t>(category)];
    return mapFromScene(block->mapToScene(block->rect().center()));
}

QPoint FloorPlanView::zoneViewportCentre(int zone) const {
    if (zone < 0 || zone >= zoneItemCount())
        return {};
    // Lower than the centre, clear of the blocks stacked there.
    const QRectF box = zoneItems_[static_cast<std::size_t>(zone)]->polygon().boundingRect();
    return mapFromScene(QPointF(box.center().x(), box.bottom() - box.height() * 0.12));
}

QString FloorPlanView::blockLabel(int category) const {
    return category >= 0 && category < categories_.size() ? categories_[category] : QString();
}

QColor FloorPlanView::zoneFill(int zone) const {
    return zone >= 0 && zone < zoneItemCount()
               ? zoneItems_[static_cast<std::size_t>(zone)]->brush().color()
               : QColor();
}

int FloorPlanView::zoneAt(const QPointF& scenePos) const {
    for (std::size_t z = 0; z < zoneItems_.size(); ++z)
        if (zoneItems_[z]->polygon().containsPoint(scenePos, Qt::OddEvenFill))
            return static_cast<int>(z);
    return -1;
}

int FloorPlanView::blockAt(const QPointF& scenePos, int exceptCategory) const {
    for (std::size_t c = 0; c < blocks_.size(); ++c)
        if (static_cast<int>(c) != exceptCategory && blocks_[c]->isVisible() &&
            blocks_[c]->sceneBoundingRect().contains(scenePos))
            return static_cast<int>(c);
    return -1;
}

void FloorPlanView::fitPlan() {
    const QRectF box = scene()->itemsBoundingRect().adjusted(-12, -12, 12, 12);
    scene()->setSceneRect(box);
    if (!zoomed_)
        fitInView(box, Qt::KeepAspectRatio);
}

void FloorPlanView::wheelEvent(QWheelEvent* event) {
    const double factor = std::pow(1.0015, event->angleDelta().y());
    zoomed_ = true;
    scale(factor, factor);
    event->accept();
}

void FloorPlanView::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    if (!zoomed_)
        fitInView(sceneRect(), Qt::KeepAspectRatio);
}

void FloorPlanView::mousePressEvent(QMouseEvent* event) {
    const QPointF at = mapToScene(event->position().toPoint());
    const int block = editable_ && event->button() == Qt::LeftButton ? blockAt(at, -1) : -1;
    if (block < 0) {
        if (event->button() == Qt::MiddleButton || event->button() == Qt::RightButton) {
            // A middle or right click restores the fitted view.
            zoomed_ = false;
            fitPlan();
        }
        QGraphicsView::mousePressEvent(event);
        return;
    }
    dragging_ = block;
    dragOffset_ = at - blocks_[static_cast<std::size_t>(block)]->pos();
    blocks_[static_cast<std::size_t>(block)]->setZValue(kDragZ);
    blocks_[static_cast<std::size_t>(block)]->setOpacity(0.8);
    event->accept();
}

void FloorPlanView::mouseMoveEvent(QMouseEvent* event) {
    if (dragging_ < 0) {
        QGraphicsView::mouseMoveEvent(event);
        return;
    }
    const QPointF at = mapToScene(event->position().toPoint());
    blocks_[static_cast<std::size_t>(dragging_)]->setPos(at - dragOffset_);
    const int swapWith = blockAt(at, dragging_);
    emit dragHovered(dragging_, swapWith >= 0 ? -1 : zoneAt(at), swapWith);
    event->accept();
}

void FloorPlanView::mouseReleaseEvent(QMouseEvent* event) {
    if (dragging_ < 0) {
        QGraphicsView::mouseReleaseEvent(event);
        return;
    }
    const int category = dragging_;
    dragging_ = -1;
    blocks_[static_cast<std::size_t>(category)]->setOpacity(1.0);
    const QPointF at = mapToScene(event->position().toPoint());
    const int swapWith = blockAt(at, category);
    const int zone = swapWith >= 0 ? -1 : zoneAt(at);
    // Put the block back; the page re-places it if the drop changes the layout.
    placeBlocks();
    if (swapWith >= 0 || zone >= 0)
        emit dropped(category, zone, swapWith);
    else
        emit dragCancelled();
    event->accept();
}

}  // namespace mb::ui
