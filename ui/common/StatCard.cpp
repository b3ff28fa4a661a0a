#include "StatCard.h"

#include "Numbers.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <cmath>

namespace mb::ui {

namespace {

QLabel* makeLabel(QWidget* parent, const char* name, qreal pointSize, bool bold,
                  const QString& color) {
    auto* label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(name));
    QFont font = label->font();
    font.setPointSizeF(pointSize);
    font.setBold(bold);
    label->setFont(font);
    if (!color.isEmpty())
        label->setStyleSheet(QStringLiteral("color: %1;").arg(color));
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString toneColor(StatCard::Tone tone) {
    switch (tone) {
        case StatCard::Tone::Better:
            return QStringLiteral("#1b7a34");
        case StatCard::Tone::Worse:
            return QStringLiteral("#b3261e");
        case StatCard::Tone::Neutral:
            break;
    }
    return QStringLiteral("#5f6368");
}

}  // namespace

StatCard::StatCard(const QString& label, QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("statCard"));
    setFrameShape(QFrame::StyledPanel);
    // Scoped to this frame so the labels inside keep their own look.
    setStyleSheet(
        QStringLiteral("QFrame#statCard { background: palette(base); border: 1px solid "
                       "#d5d8dc; border-radius: 6px; }"));
    label_ = makeLabel(this, "statLabel", 9, false, QStringLiteral("#5f6368"));
    value_ = makeLabel(this, "statValue", 18, true, {});
    interval_ = makeLabel(this, "statInterval", 8.5, false, QStringLiteral("#5f6368"));
    delta_ = makeLabel(this, "statDelta", 9, true, {});
    label_->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 10);
    layout->setSpacing(2);
    layout->addWidget(label_);
    layout->addWidget(value_);
    layout->addWidget(interval_);
    layout->addWidget(delta_);
    layout->addStretch(1);
    // Cards in a row share the tallest one's height, so their captions line up.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    setLabel(label);
    clear();
}

void StatCard::setLabel(const QString& label) {
    label_->setText(label);
}

void StatCard::setValue(double value, int decimals, const QString& prefix, const QString& suffix) {
    const QString number = formatNumber(value, decimals);
    setValueText(number.isEmpty() ? QStringLiteral("\u2013") : prefix + number + suffix);
}

void StatCard::setValueText(const QString& text) {
    value_->setText(text);
}

void StatCard::setInterval(double low, double high, int decimals, const QString& lowName,
                           const QString& highName) {
    if (!std::isfinite(low) || !std::isfinite(high)) {
        setIntervalText({});
        return;
    }
    setIntervalText(
        QStringLiteral("%1 %2 \u2013 %3 %4")
            .arg(lowName, formatNumber(low, decimals), highName, formatNumber(high, decimals)));
}

void StatCard::setIntervalText(const QString& text) {
    interval_->setText(text);
    interval_->setVisible(!text.isEmpty());
}

void StatCard::setDelta(double change, const QString& baseline, bool higherIsBetter) {
    if (!std::isfinite(change)) {
        setDeltaText({}, Tone::Neutral);
        return;
    }
    const QString text = formatSignedPercent(change);
    Tone tone = Tone::Neutral;
    if (text.startsWith(QLatin1Char('+')))
        tone = higherIsBetter ? Tone::Better : Tone::Worse;
    else if (text.startsWith(QChar(0x2212)))
        tone = higherIsBetter ? Tone::Worse : Tone::Better;
    setDeltaText(baseline.isEmpty() ? text : tr("%1 vs %2").arg(text, baseline), tone);
}

void StatCard::setDeltaText(const QString& text, Tone tone) {
    tone_ = text.isEmpty() ? Tone::Neutral : tone;
    delta_->setText(text);
    delta_->setStyleSheet(QStringLiteral("color: %1;").arg(toneColor(tone_)));
    delta_->setVisible(!text.isEmpty());
}

void StatCard::clear() {
    setValueText(QStringLiteral("\u2013"));
    setIntervalText({});
    setDeltaText({}, Tone::Neutral);
}

QString StatCard::labelText() const {
    return label_->text();
}
QString StatCard::valueText() const {
    return value_->text();
}
QString StatCard::intervalText() const {
    return interval_->text();
}
QString StatCard::deltaText() const {
    return delta_->text();
}

StatCardRow::StatCardRow(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("statCardRow"));
    layout_ = new QHBoxLayout(this);
    layout_->setContentsMargins(0, 0, 0, 0);
    layout_->setSpacing(8);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

StatCard* StatCardRow::addCard(const QString& label) {
    auto* card = new StatCard(label, this);
    layout_->addWidget(card, 1);
    cards_.append(card);
    return card;
}

}  // namespace mb::ui
