#include "ImportSettings.h"

#include <QDir>
#include <QSettings>

namespace mb::ui {

namespace {

char toChar(const QVariant& value) {
    const int code = value.toInt();
    return code > 0 && code < 128 ? static_cast<char>(code) : 0;
}

}  // namespace

ImportSettings ImportSettings::load() {
    QSettings settings;
    settings.beginGroup(QStringLiteral("import"));
    ImportSettings loaded;
    loaded.lastDirectory =
        settings.value(QStringLiteral("lastDirectory"), QDir::homePath()).toString();
    loaded.kind = settings.value(QStringLiteral("kind")).toString();
    loaded.delimiter = toChar(settings.value(QStringLiteral("delimiter")));
    loaded.encoding = settings.value(QStringLiteral("encoding"), loaded.encoding).toString();
    loaded.dateFormat = settings.value(QStringLiteral("dateFormat"), loaded.dateFormat).toString();
    loaded.decimalComma = settings.value(QStringLiteral("decimalComma"), false).toBool();
    loaded.thousandsSeparator = toChar(settings.value(QStringLiteral("thousandsSeparator")));
    loaded.onError = settings.value(QStringLiteral("skipBadRows"), false).toBool()
                         ? data::OnError::Skip
                         : data::OnError::Reject;
    loaded.createMissing = settings.value(QStringLiteral("createMissing"), false).toBool();
    loaded.campaignFile = settings.value(QStringLiteral("campaignFile")).toString();
    loaded.campaign = settings.value(QStringLiteral("campaign")).toString();
    loaded.controlArm = settings.value(QStringLiteral("controlArm")).toString();
    loaded.outcomes = settings.value(QStringLiteral("outcomes")).toStringList();
    return loaded;
}

void ImportSettings::save() const {
    QSettings settings;
    settings.beginGroup(QStringLiteral("import"));
    settings.setValue(QStringLiteral("lastDirectory"), lastDirectory);
    settings.setValue(QStringLiteral("kind"), kind);
    settings.setValue(QStringLiteral("delimiter"), static_cast<int>(delimiter));
    settings.setValue(QStringLiteral("encoding"), encoding);
    settings.setValue(QStringLiteral("dateFormat"), dateFormat);
    settings.setValue(QStringLiteral("decimalComma"), decimalComma);
    settings.setValue(QStringLiteral("thousandsSeparator"), static_cast<int>(thousandsSeparator));
    settings.setValue(QStringLiteral("skipBadRows"), onError == data::OnError::Skip);
    settings.setValue(QStringLiteral("createMissing"), createMissing);
    settings.setValue(QStringLiteral("campaignFile"), campaignFile);
    settings.setValue(QStringLiteral("campaign"), campaign);
    settings.setValue(QStringLiteral("controlArm"), controlArm);
    settings.setValue(QStringLiteral("outcomes"), outcomes);
}

}  // namespace mb::ui
