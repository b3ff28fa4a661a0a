#pragma once

#include "layout/LayoutInputs.h"

#include <QGraphicsView>
#include <QStringList>
#include <vector>

namespace mb::ui {

// Categories x categories coloured by phi or lift (diverging around "no association": phi 0,
// lift 1), rows and columns in the leaf order of average-linkage clustering on phi so that
// categories bought together form blocks on the diagonal.
class AffinityHeatmap : public QGraphicsView {
    Q_OBJECT
public:
    enum class Measure { Phi, Lift };

    explicit AffinityHeatmap(QWidget* parent = nullptr);

    void setPairs(const QStringList& categories, const std::vector<layout::CategoryPair>& pairs);
    void setMeasure(Measure measure);
    Measure measure() const { return measure_; }
    const std::vector<int>& order() const { return order_; }
    QStringList orderedCategories() const;
    // The value shown in a cell (NaN on the diagonal and for pairs never bought together).
    double valueAt(int categoryA, int categoryB) const;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuild();

    QStringList categories_;
    std::vector<double> phi_, lift_;  // n x n, NaN when absent
    std::vector<int> order_;
    Measure measure_ = Measure::Phi;
};

}  // namespace mb::ui
