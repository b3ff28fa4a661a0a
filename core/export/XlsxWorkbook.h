#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace mb::exporting {

// Excel's own limits: rows per sheet (header included) and characters per cell.
constexpr int xlsxMaxRows = 1048576;
constexpr int xlsxMaxTextLength = 32767;

struct XlsxOptions {
    // Streams each sheet to a temporary file so memory stays flat for very long lists; rows of a
    // sheet must then be written in ascending order (a cell above the last row written fails).
    bool streaming = false;
    // Stored as the document's creation time; an invalid time means now. A fixed time makes the
    // same export byte-for-byte identical.
    QDateTime created;
    QString title;
};

class XlsxWorkbook;

// One sheet of a workbook; owned by the workbook and valid until it is closed.
class XlsxSheet {
public:
    // Writes the titles in bold on row 0, freezes that row and puts an autofilter over the
    // columns, down to the last row written when the workbook closes.
    void setHeader(const QStringList& titles);
    void setColumnWidth(int column, double width);

    // Text is always stored as a string, never read as a formula or a number. Longer text than
    // Excel allows is cut at xlsxMaxTextLength characters.
    void writeText(int row, int column, const QString& text);
    // format is an Excel number format ("0.00", "#,##0", "0.0%"); empty means General. A NaN or
    // infinite value leaves the cell empty, since Excel has no such numbers.
    void writeNumber(int row, int column, double value, const QString& format = {});
    // Exact up to 2^53, like every Excel number.
    void writeInteger(int row, int column, qint64 value);
    void writeBoolean(int row, int column, bool value);

    const QString& name() const { return name_; }
    // One past the last row written so far (0 for an empty sheet).
    int rowCount() const { return lastRow_ + 1; }

private:
    friend class XlsxWorkbook;
    XlsxSheet(XlsxWorkbook* workbook, lxw_worksheet* sheet, QString name);
    void check(int error, int row, int column) const;
    void touch(int row, int column);

    XlsxWorkbook* workbook_;
    lxw_worksheet* sheet_;
    QString name_;
    int lastRow_ = -1;
    int headerColumns_ = 0;
};

// An .xlsx file written through libxlsxwriter. Nothing appears at the path until close()
// succeeds: the workbook is written next to it and renamed into place. Errors throw mb::Error.
class XlsxWorkbook {
public:
    explicit XlsxWorkbook(const QString& path, const XlsxOptions& options = {});
    ~XlsxWorkbook();  // without close() the partial file is removed
    XlsxWorkbook(const XlsxWorkbook&) = delete;
    XlsxWorkbook& operator=(const XlsxWorkbook&) = delete;

    // The name is made acceptable to Excel (at most 31 characters, none of []:*?/\, unique
    // ignoring case); sheet.name() tells what it became.
    XlsxSheet& addSheet(const QString& name);

    // A two-column sheet (parameter, value) of what produced the export; nested objects become
    // dotted names, arrays their compact JSON text, numbers and booleans stay typed.
    XlsxSheet& addParametersSheet(const QJsonObject& parameters,
                                  const QString& name = QStringLiteral("Parameters"));

    void close();

    const QString& path() const { return path_; }

private:
    friend class XlsxSheet;
    lxw_format* numberFormat(const QString& format);
    lxw_format* boldFormat();
    QString uniqueSheetName(const QString& wanted) const;

    QString path_;
    QString partialPath_;
    lxw_workbook* workbook_ = nullptr;
    std::vector<std::unique_ptr<XlsxSheet>> sheets_;
    QHash<QString, lxw_format*> formats_;
    lxw_format* bold_ = nullptr;
    bool streaming_ = false;
};

}  // namespace mb::exporting
