#include "data/health/HealthCheck.h"

#include <utility>

namespace mb::data::health {

KindHealth& HealthCheck::health(const QString& kind) {
    for (KindHealth& item : report.kinds) {
        if (item.kind == kind)
            return item;
    }
    report.kinds.push_back(KindHealth{});
    report.kinds.back().kind = kind;
    return report.kinds.back();
}

void HealthCheck::add(Severity severity, const char* kind, const char* check,
                      const QString& subject, const QString& message, double value, bool example) {
    HealthFinding finding;
    finding.severity = severity;
    finding.kind = QString::fromLatin1(kind);
    finding.check = QString::fromLatin1(check);
    finding.subject = subject;
    finding.message = message;
    finding.value = value;
    finding.example = example;
    report.findings.push_back(std::move(finding));
}

}  // namespace mb::data::health
