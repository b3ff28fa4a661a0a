#pragma once

#include <QFrame>
#include <QList>

class QHBoxLayout;
class QLabel;

namespace mb::ui {

// A headline figure: a caption, the value in large type, optionally its interval
// ("P10 12,300 – P90 15,800") and its change against a baseline ("+6.2% vs best fixed rule"),
// green when better, red when worse.
class StatCard : public QFrame {
    Q_OBJECT
public:
    enum class Tone { Neutral, Better, Worse };

    explicit StatCard(const QString& label, QWidget* parent = nullptr);

    void setLabel(const QString& label);
    // Grouped digits; prefix and suffix for units ("£", " units", "%").
    void setValue(double value, int decimals = 0, const QString& prefix = {},
                  const QString& suffix = {});
    void setValueText(const QString& text);
    void setInterval(double low, double high, int decimals = 0,
                     const QString& lowName = QStringLiteral("P10"),
                     const QString& highName = QStringLiteral("P90"));
    void setIntervalText(const QString& text);  // empty hides the line
    // change is a fraction (0.062 for +6.2%) against the named baseline.
    void setDelta(double change, const QString& baseline, bool higherIsBetter = true);
    void setDeltaText(const QString& text, Tone tone);  // empty hides the line
    // Back to "–" with no interval and no delta (e.g. while a run is in progress).
    void clear();

    QString labelText() const;
    QString valueText() const;
    QString intervalText() const;
    QString deltaText() const;
    Tone deltaTone() const { return tone_; }

private:
    QLabel* label_ = nullptr;
    QLabel* value_ = nullptr;
    QLabel* interval_ = nullptr;
    QLabel* delta_ = nullptr;
    Tone tone_ = Tone::Neutral;
};

// Cards side by side, equally wide, for a page's summary.
class StatCardRow : public QWidget {
    Q_OBJECT
public:
    explicit StatCardRow(QWidget* parent = nullptr);

    StatCard* addCard(const QString& label);
    StatCard* card(int index) const { return cards_.value(index); }
    int count() const { return int(cards_.size()); }

private:
    QHBoxLayout* layout_ = nullptr;
    QList<StatCard*> cards_;
};

}  // namespace mb::ui
