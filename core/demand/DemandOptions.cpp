#include "demand/DemandOptions.h"

namespace mb::demand {

QString levelName(DemandLevel level) {
    switch (level) {
        case DemandLevel::ProductStore:
            return QStringLiteral("product-store");
        case DemandLevel::Product:
            return QStringLiteral("product");
        case DemandLevel::Category:
            return QStringLiteral("category");
    }
    return {};
}

bool parseLevel(const QString& text, DemandLevel* level) {
    for (DemandLevel candidate :
         {DemandLevel::ProductStore, DemandLevel::Product, DemandLevel::Category}) {
        if (text == levelName(candidate)) {
            *level = candidate;
            return true;
        }
    }
    return false;
}

QString methodName(DemandMethod method) {
    return method == DemandMethod::Poisson ? QStringLiteral("poisson") : QStringLiteral("ols");
}

bool parseMethod(const QString& text, DemandMethod* method) {
    for (DemandMethod candidate : {DemandMethod::LeastSquares, DemandMethod::Poisson}) {
        if (text == methodName(candidate)) {
            *method = candidate;
            return true;
        }
    }
    return false;
}

}  // namespace mb::demand
