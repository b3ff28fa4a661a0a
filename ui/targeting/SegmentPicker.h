#pragma once

#include <QStringList>
#include <QToolButton>

class QMenu;

namespace mb::ui {

// A compact multi-select of customer segments for one offer: a button reading "All segments" or
// the chosen names, whose menu ticks segments on and off.
class SegmentPicker : public QToolButton {
    Q_OBJECT
public:
    explicit SegmentPicker(QWidget* parent = nullptr);

    // Every segment, all chosen; keeps earlier choices of segments that are still there.
    void setSegments(const QStringList& segments);
    QStringList segments() const { return segments_; }

    void setChosen(const QStringList& chosen);
    QStringList chosen() const;
    bool allChosen() const;

signals:
    void chosenChanged();

private:
    void showChoice();

    QStringList segments_;
    QMenu* menu_ = nullptr;
};

}  // namespace mb::ui
