#pragma once

#include <QJsonObject>
#include <QLabel>
#include <QString>

namespace mb::jobs {
struct Provenance;
}

namespace mb::ui {

// Whether a result on screen still answers the page: its request against the one the page's
// controls make now, its input fingerprint against the project's now.
enum class Freshness { Current, ControlsChanged, DataChanged };

// Requests are compared as JSON objects, so keys that do not change the answer must not be in
// them (a request's toJson() holds only what the answer depends on). An empty fingerprint now
// (unreadable project) counts as changed data.
Freshness freshnessOf(const jobs::Provenance& result, const QJsonObject& requestNow,
                      const QString& fingerprintNow);

// "" for Current; otherwise the sentence a page shows and an Export, Approve or Record that
// refuses gives: "Out of date: the controls changed since this plan was computed. Plan the
// season again to update it." (`what` names the result, `action` the button that updates it).
QString outOfDateText(Freshness freshness, const QString& what, const QString& action);

// The bar a page shows above an out-of-date result: hidden while the result is current.
class OutOfDateBanner : public QLabel {
    Q_OBJECT
public:
    explicit OutOfDateBanner(QWidget* parent = nullptr);
    // Shows outOfDateText(...), or hides while current.
    void setFreshness(Freshness freshness, const QString& what, const QString& action);
    bool isOutOfDate() const { return freshness_ != Freshness::Current; }
    Freshness freshness() const { return freshness_; }

private:
    Freshness freshness_ = Freshness::Current;
};

}  // namespace mb::ui
