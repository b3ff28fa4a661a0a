#pragma once

#include "layout/FloorPlan.h"

#include <QGraphicsView>
#include <QStringList>
#include <cstdint>
#include <vector>

class QGraphicsPolygonItem;
class QGraphicsItemGroup;
class QGraphicsRectItem;

namespace mb::ui {

// The sales floor to scale: zones (metres, y down as stored) with their names and types,
// walkable links as thin lines, a colour per zone with its legend, category blocks in their
// zones that the planner can drag to another zone (move) or onto another block (swap), and
// optionally zone-to-zone flows as arrows. The view fits the plan and zooms with the wheel.
class FloorPlanView : public QGraphicsView {
    Q_OBJECT
public:
    static constexpr double kUnitsPerMetre = 20.0;

    explicit FloorPlanView(QWidget* parent = nullptr);

    void setPlan(const layout::FloorPlan& plan);
    // Blocks for the categories; zone -1 hides a block.
    void setCategories(const QStringList& categories);
    void setAssignment(const std::vector<int>& zoneOfCategory);
    // One value per zone (NaN: no colour), shaded from the lowest to the highest, and the
    // legend's title and number format.
    void setZoneValues(const std::vector<double>& values, const QString& legendTitle,
                       bool asPercent);
    // Moves zones x zones (plan order); arrows for the largest flows, width by count.
    void setFlows(const std::vector<std::int64_t>& moves, int maxArrows = 40);
    void setEditable(bool editable) { editable_ = editable; }
    void setCaption(const QString& caption);

    int zoneItemCount() const { return static_cast<int>(zoneItems_.size()); }
    int blockCount() const;  // visible category blocks
    int arrowCount() const { return arrowCount_; }
    // Where things are on screen (viewport coordinates), for tests and tooltips.
    QPoint blockViewportCentre(int category) const;
    QPoint zoneViewportCentre(int zone) const;
    QString blockLabel(int category) const;
    QColor zoneFill(int zone) const;

    int zoneAt(const QPointF& scenePos) const;                       // -1 outside
    int blockAt(const QPointF& scenePos, int exceptCategory) const;  // -1 none
    void fitPlan();

signals:
    // While dragging: where the dragged category would go (zone, or -1) or whom it would swap
    // with (category, or -1).
    void dragHovered(int category, int zone, int swapWith);
    void dropped(int category, int zone, int swapWith);
    void dragCancelled();

protected:
    void wheelEvent(QWheelEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    void placeBlocks();
    void buildLegend();
    QPointF zoneCentre(int zone) const;

    layout::FloorPlan plan_;
    std::vector<QGraphicsPolygonItem*> zoneItems_;
    std::vector<QGraphicsRectItem*> blocks_;
    QStringList categories_;
    std::vector<int> assignment_;
    std::vector<double> values_;
    QString legendTitle_;
    bool asPercent_ = false;
    QGraphicsItemGroup* legend_ = nullptr;
    QGraphicsItemGroup* arrows_ = nullptr;
    QGraphicsItem* caption_ = nullptr;
    int arrowCount_ = 0;
    bool editable_ = true;
    bool zoomed_ = false;
    int dragging_ = -1;
    QPointF dragOffset_;
};

// The sequential colour for t in [0, 1] (light to dark blue), shared by the floor and heatmap.
QColor sequentialColour(double t);
// A readable text colour on that background.
QColor textColourOn(const QColor& background);

}  // namespace mb::ui
