#include "ResultFreshness.h"

#include "jobs/Provenance.h"

namespace mb::ui {

Freshness freshnessOf(const jobs::Provenance& result, const QJsonObject& requestNow,
                      const QString& fingerprintNow) {
    if (fingerprintNow.isEmpty() || result.inputFingerprint != fingerprintNow)
        return Freshness::DataChanged;
    if (result.request != requestNow)
        return Freshness::ControlsChanged;
    return Freshness::Current;
}

QString outOfDateText(Freshness freshness, const QString& what, const QString& action) {
    switch (freshness) {
        case Freshness::Current:
            return {};
        case Freshness::ControlsChanged:
            return QObject::tr(
                       "Out of date: the settings changed since this %1 was computed. %2 "
                       "again to update it.")
                .arg(what, action);
        case Freshness::DataChanged:
            return QObject::tr(
                       "Out of date: the project's data changed since this %1 was "
                       "computed. %2 again to update it.")
                .arg(what, action);
    }
    return {};
}

OutOfDateBanner::OutOfDateBanner(QWidget* parent) : QLabel(parent) {
    setObjectName(QStringLiteral("outOfDate"));
    setWordWrap(true);
    setStyleSheet(
        QStringLiteral("QLabel#outOfDate { background: #fff4ce; color: #5c4400; "
                       "border: 1px solid #e0c36a; border-radius: 3px; "
                       "padding: 4px 8px; }"));
    setVisible(false);
}

void OutOfDateBanner::setFreshness(Freshness freshness, const QString& what,
                                   const QString& action) {
    freshness_ = freshness;
    setText(outOfDateText(freshness, what, action));
    setVisible(freshness != Freshness::Current);
}

}  // namespace mb::ui
