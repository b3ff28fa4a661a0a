#pragma once

#include "demand/DemandJob.h"

#include <QMetaType>
#include <QString>
#include <memory>

namespace mb {
class ProgressToken;
}

namespace mb::ui {

// A demand fit as the Demand page shows it: the demand job's result for the request, and the
// weekly sales it was fitted on (the fitted-against-actual chart reads them).
struct DemandRun {
    demand::DemandRequest request;
    demand::DemandResult result;
    demand::SalesHistory history;
};
using DemandRunPtr = std::shared_ptr<const DemandRun>;

// The demand job's load and compute (core/demand/DemandJob.h) on a connection of the worker
// thread's own; nothing is recorded (a fit is not a decision). Throws mb::Error, and
// jobs::Cancelled when the token is cancelled.
DemandRunPtr runDemand(const QString& projectPath, const demand::DemandRequest& request,
                       ProgressToken& token);

}  // namespace mb::ui

Q_DECLARE_METATYPE(mb::ui::DemandRunPtr)
