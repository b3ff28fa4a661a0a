#include "export/XlsxWorkbook.h"

#include "common/Error.h"
#include "export/OutputPaths.h"

#include <xlsxwriter.h>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <algorithm>
#include <cmath>
#include <cstdio>

namespace mb::exporting {

namespace {

constexpr int maxColumns = 16384;
constexpr int maxSheetName = 31;

QString cutText(const QString& text) {
    if (text.size() <= xlsxMaxTextLength)
        return text;
    QString cut = text.left(xlsxMaxTextLength);
    if (cut.back().isHighSurrogate())
        cut.chop(1);  // never leave half a character behind
    return cut;
}

void flatten(const QJsonObject& object, const QString& prefix,
             std::vector<std::pair<QString, QJsonValue>>& rows) {
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString name = prefix.isEmpty() ? it.key() : prefix + QLatin1Char('.') + it.key();
        if (it->isObject())
            flatten(it->toObject(), name, rows);
        else
            rows.emplace_back(name, *it);
    }
}

}  // namespace

XlsxSheet::XlsxSheet(XlsxWorkbook* workbook, lxw_worksheet* sheet, QString name)
    : workbook_(workbook), sheet_(sheet), name_(std::move(name)) {}

void XlsxSheet::check(int error, int row, int column) const {
    if (error == LXW_NO_ERROR)
        return;
    throw Error(QStringLiteral("%1: sheet '%2' row %3 column %4: %5")
                    .arg(workbook_->path_, name_)
                    .arg(row + 1)
                    .arg(column + 1)
                    .arg(QString::fromUtf8(lxw_strerror(static_cast<lxw_error>(error)))));
}

void XlsxSheet::touch(int row, int column) {
    if (row < 0 || row >= xlsxMaxRows || column < 0 || column >= maxColumns)
        throw Error(QStringLiteral("%1: sheet '%2': cell row %3 column %4 is outside a sheet "
                                   "(at most %5 rows and %6 columns)")
                        .arg(workbook_->path_, name_)
                        .arg(row + 1)
                        .arg(column + 1)
                        .arg(xlsxMaxRows)
                        .arg(maxColumns));
    if (workbook_->streaming_ && row < lastRow_)
        throw Error(QStringLiteral("%1: sheet '%2': row %3 comes after row %4 in a streamed sheet")
                        .arg(workbook_->path_, name_)
                        .arg(row + 1)
                        .arg(lastRow_ + 1));
    lastRow_ = std::max(lastRow_, row);
}

void XlsxSheet::setHeader(const QStringList& titles) {
    lxw_format* bold = workbook_->boldFormat();
    for (int column = 0; column < titles.size(); ++column) {
        touch(0, column);
        const QByteArray text = cutText(titles[column]).toUtf8();
        check(worksheet_write_string(sheet_, 0, static_cast<lxw_col_t>(column), text.constData(),
                                     bold),
              0, column);
    }
    headerColumns_ = static_cast<int>(titles.size());
    if (headerColumns_ > 0)
        worksheet_freeze_panes(sheet_, 1, 0);
}

void XlsxSheet::setColumnWidth(int column, double width) {
    if (column < 0 || column >= maxColumns || !std::isfinite(width) || width < 0.0)
        throw Error(QStringLiteral("%1: sheet '%2': column %3 cannot be %4 wide")
                        .arg(workbook_->path_, name_)
                        .arg(column + 1)
                        .arg(width));
    const auto col = static_cast<lxw_col_t>(column);
    check(worksheet_set_column(sheet_, col, col, width, nullptr), 0, column);
}

void XlsxSheet::writeText(int row, int column, const QString& text) {
    touch(row, column);
    if (text.isEmpty())
        return;  // an empty string cell would be a cell Excel shows as blank anyway
    const QByteArray bytes = cutText(text).toUtf8();
    // worksheet_write_string stores a shared (or inline) string: Excel never evaluates it.
    check(worksheet_write_string(sheet_, static_cast<lxw_row_t>(row),
                                 static_cast<lxw_col_t>(column), bytes.constData(), nullptr),
          row, column);
}

void XlsxSheet::writeNumber(int row, int column, double value, const QString& format) {
    touch(row, column);
    if (!std::isfinite(value))
        return;
    check(
        worksheet_write_number(sheet_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(column),
                               value, workbook_->numberFormat(format)),
        row, column);
}

void XlsxSheet::writeInteger(int row, int column, qint64 value) {
    writeNumber(row, column, static_cast<double>(value), QStringLiteral("0"));
}

void XlsxSheet::writeBoolean(int row, int column, bool value) {
    touch(row, column);
    check(worksheet_write_boolean(sheet_, static_cast<lxw_row_t>(row),
                                  static_cast<lxw_col_t>(column), value ? 1 : 0, nullptr),
          row, column);
}

XlsxWorkbook::XlsxWorkbook(const QString& path, const XlsxOptions& options)
    : path_(path), streaming_(options.streaming) {
    partialPath_ = QStringLiteral("%1.partial-%2")
                       .arg(path)
                       .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    const QByteArray file = QFile::encodeName(partialPath_);
    lxw_workbook_options lxwOptions{};
    lxwOptions.constant_memory = options.streaming ? 1 : 0;
    lxwOptions.use_zip64 = 1;  // lets a long list pass 4 GB instead of failing at the end
    workbook_ = workbook_new_opt(file.constData(), &lxwOptions);
    if (!workbook_)
        throw Error(QStringLiteral("%1: cannot start a workbook").arg(path));
    const QByteArray title = options.title.toUtf8();
    lxw_doc_properties properties{};
    if (!options.title.isEmpty())
        properties.title = const_cast<char*>(title.constData());
    if (options.created.isValid())
        properties.created = static_cast<time_t>(options.created.toSecsSinceEpoch());
    workbook_set_properties(workbook_, &properties);
}

XlsxWorkbook::~XlsxWorkbook() {
    if (!workbook_)
        return;
    // Closing is the only way libxlsxwriter frees a workbook; the half-made file then goes.
    workbook_close(workbook_);
    QFile::remove(partialPath_);
}

QString XlsxWorkbook::uniqueSheetName(const QString& wanted) const {
    static const QString forbidden = QStringLiteral("[]:*?/\\");
    QString base;
    for (const QChar c : wanted)
        base += (forbidden.contains(c) || c.unicode() < 0x20) ? QLatin1Char('_') : c;
    while (base.startsWith(QLatin1Char('\'')))
        base.remove(0, 1);
    while (base.endsWith(QLatin1Char('\'')))
        base.chop(1);
    if (base.trimmed().isEmpty())
        base = QStringLiteral("Sheet");
    auto taken = [this](const QString& name) {
        for (const auto& sheet : sheets_) {
            if (sheet->name().compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    };
    QString name = base.left(maxSheetName);
    for (int n = 2; taken(name); ++n) {
        const QString suffix = QStringLiteral(" (%1)").arg(n);
        name = base.left(maxSheetName - static_cast<int>(suffix.size())) + suffix;
    }
    return name;
}

XlsxSheet& XlsxWorkbook::addSheet(const QString& name) {
    if (!workbook_)
        throw Error(QStringLiteral("%1: the workbook is already closed").arg(path_));
    const QString unique = uniqueSheetName(name);
    const QByteArray bytes = unique.toUtf8();
    lxw_worksheet* sheet = workbook_add_worksheet(workbook_, bytes.constData());
    if (!sheet)
        throw Error(QStringLiteral("%1: cannot add sheet '%2'").arg(path_, unique));
    sheets_.push_back(std::unique_ptr<XlsxSheet>(new XlsxSheet(this, sheet, unique)));
    return *sheets_.back();
}

XlsxSheet& XlsxWorkbook::addParametersSheet(const QJsonObject& parameters, const QString& name) {
    XlsxSheet& sheet = addSheet(name);
    sheet.setHeader({QStringLiteral("parameter"), QStringLiteral("value")});
    sheet.setColumnWidth(0, 32);
    sheet.setColumnWidth(1, 48);
    std::vector<std::pair<QString, QJsonValue>> rows;
    flatten(parameters, {}, rows);
    int row = 1;
    for (const auto& [key, value] : rows) {
        sheet.writeText(row, 0, key);
        if (value.isBool())
            sheet.writeBoolean(row, 1, value.toBool());
        else if (value.isDouble())
            sheet.writeNumber(row, 1, value.toDouble());
        else if (value.isString())
            sheet.writeText(row, 1, value.toString());
        else if (value.isArray())
            sheet.writeText(
                row, 1,
                QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)));
        else
            sheet.writeText(row, 1, {});  // null: the parameter was left unset
        ++row;
    }
    return sheet;
}

lxw_format* XlsxWorkbook::numberFormat(const QString& format) {
    if (format.isEmpty())
        return nullptr;
    auto it = formats_.find(format);
    if (it != formats_.end())
        return *it;
    lxw_format* lxwFormat = workbook_add_format(workbook_);
    if (!lxwFormat)
        throw Error(QStringLiteral("%1: cannot add number format %2").arg(path_, format));
    const QByteArray bytes = format.toUtf8();
    format_set_num_format(lxwFormat, bytes.constData());
    formats_.insert(format, lxwFormat);
    return lxwFormat;
}

lxw_format* XlsxWorkbook::boldFormat() {
    if (!bold_) {
        bold_ = workbook_add_format(workbook_);
        if (!bold_)
            throw Error(QStringLiteral("%1: cannot add a bold format").arg(path_));
        format_set_bold(bold_);
    }
    return bold_;
}

void XlsxWorkbook::close() {
    if (!workbook_)
        throw Error(QStringLiteral("%1: the workbook is already closed").arg(path_));
    for (const auto& sheet : sheets_) {
        if (sheet->headerColumns_ > 0)
            worksheet_autofilter(sheet->sheet_, 0, 0, static_cast<lxw_row_t>(sheet->lastRow_),
                                 static_cast<lxw_col_t>(sheet->headerColumns_ - 1));
    }
    const lxw_error error = workbook_close(workbook_);
    workbook_ = nullptr;
    if (error != LXW_NO_ERROR) {
        QFile::remove(partialPath_);
        throw Error(
            QStringLiteral("%1: cannot write: %2")
                .arg(path_, writeFailureReason(path_, QString::fromUtf8(lxw_strerror(error)))));
    }
    // rename() replaces an existing file in one step, so a reader sees the old or the new one.
    if (std::rename(QFile::encodeName(partialPath_).constData(),
                    QFile::encodeName(path_).constData()) != 0) {
        QFile::remove(partialPath_);
        throw Error(QStringLiteral("%1: cannot write: the finished workbook could not be moved "
                                   "into place")
                        .arg(path_));
    }
}

}  // namespace mb::exporting
