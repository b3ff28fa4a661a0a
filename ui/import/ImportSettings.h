#pragma once

#include "data/Importer.h"

#include <QString>
#include <QStringList>

namespace mb::ui {

// The choices a user made in the last import, offered again in the next one.
struct ImportSettings {
    QString lastDirectory;
    QString kind;
    char delimiter = 0;
    QString encoding = QStringLiteral("UTF-8");
    QString dateFormat = QStringLiteral("auto");
    bool decimalComma = false;
    char thousandsSeparator = 0;
    data::OnError onError = data::OnError::Reject;
    bool createMissing = false;
    // Campaign kind: the name is offered again only for the same file.
    QString campaignFile;
    QString campaign;
    QString controlArm;
    QStringList outcomes;

    static ImportSettings load();
    void save() const;
};

}  // namespace mb::ui
