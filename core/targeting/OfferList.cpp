#include "targeting/OfferList.h"

#include "common/Error.h"
#include "export/CsvExport.h"
#include "export/XlsxWorkbook.h"
#include "targeting/Pseudonym.h"

#include <QHash>
#include <cmath>

namespace mb::targeting {

namespace {

using exporting::XlsxSheet;
using exporting::XlsxWorkbook;

QString percentPoints(double uplift) {
    const double percent = uplift * 100.0;
    // Whole points once they are large; one decimal below 10 so small effects do not read as 0.
    const int decimals = std::abs(percent) >= 9.95 ? 0 : 1;
    QString text = QString::number(std::abs(percent), 'f', decimals);
    if (text.endsWith(QStringLiteral(".0")))
        text.chop(2);
    // A change of a purchase rate: percentage points, not a percent of the rate.
    return (percent < 0.0 ? QStringLiteral("-") : QStringLiteral("+")) + text +
           QStringLiteral(" pp");
}

// The customer column's values: the ids, or their pseudonyms (checked to be one-to-one).
std::vector<QString> customerColumn(const std::vector<OfferListRow>& rows,
                                    const Pseudonymiser* pseudonyms) {
    std::vector<QString> ids;
    ids.reserve(rows.size());
    QHash<QString, QString> owner;
    for (const OfferListRow& row : rows) {
        if (!pseudonyms) {
            ids.push_back(row.customer);
            continue;
        }
        QString pseudonym = pseudonyms->pseudonym(row.customer);
        const auto it = owner.constFind(pseudonym);
        if (it == owner.constEnd())
            owner.insert(pseudonym, row.customer);
        else if (*it != row.customer)
            throw Error(QStringLiteral("customers %1 and %2 share the pseudonym %3; use more "
                                       "hex digits")
                            .arg(*it, row.customer, pseudonym));
        ids.push_back(std::move(pseudonym));
    }
    return ids;
}

QString customerTitle(const OfferListExport& options) {
    return options.pseudonyms ? QStringLiteral("customer_pseudonym") : QStringLiteral("customer");
}

// Writes one group of rows (offered or control) over as many sheets as it takes.
void writeSheets(XlsxWorkbook& workbook, const QString& name, const QStringList& header,
                 const std::vector<OfferListRow>& rows, const std::vector<QString>& ids,
                 bool control) {
    XlsxSheet* sheet = nullptr;
    int row = 0;
    auto startSheet = [&] {
        sheet = &workbook.addSheet(name);
        sheet->setHeader(header);
        const double widths[] = {22, 16, 16, 16, 12, 64};
        for (int column = 0; column < 6; ++column)
            sheet->setColumnWidth(column, widths[column]);
        row = 1;
    };
    startSheet();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const OfferListRow& line = rows[i];
        if (line.control != control)
            continue;
        if (row == exporting::xlsxMaxRows)
            startSheet();
        sheet->writeText(row, 0, ids[i]);
        sheet->writeText(row, 1, line.offer);
        sheet->writeNumber(row, 2, line.expectedUplift, QStringLiteral("0.0%"));
        sheet->writeNumber(row, 3, line.expectedValue, QStringLiteral("#,##0.00"));
        sheet->writeNumber(row, 4, line.cost, QStringLiteral("#,##0.00"));
        sheet->writeText(row, 5, line.reason);
        ++row;
    }
}

}  // namespace

QString describeReason(const OfferReason& reason) {
    QStringList parts;
    if (!reason.segment.isEmpty())
        parts << reason.segment;
    if (!reason.category.isEmpty()) {
        const QString times = reason.purchases == 1
                                  ? QStringLiteral("once")
                                  : QStringLiteral("%1 times").arg(reason.purchases);
        parts << QStringLiteral("bought %1 %2 in %3 days")
                     .arg(reason.category, times)
                     .arg(reason.windowDays);
    }
    if (std::isfinite(reason.predictedUplift))
        parts << QStringLiteral("predicted %1 purchase chance")
                     .arg(percentPoints(reason.predictedUplift));
    return parts.join(QStringLiteral(", "));
}

void writeOfferListCsv(const QString& path, const std::vector<OfferListRow>& rows,
                       const OfferListExport& options) {
    const std::vector<QString> ids = customerColumn(rows, options.pseudonyms);
    const QStringList header = {customerTitle(options),
                                QStringLiteral("offer"),
                                QStringLiteral("expected_uplift"),
                                QStringLiteral("expected_value"),
                                QStringLiteral("cost"),
                                QStringLiteral("reason"),
                                QStringLiteral("control")};
    exporting::writeCsv(path, header, static_cast<qint64>(rows.size()),
                        [&](qint64 i, exporting::CsvRow& out) {
                            const auto index = static_cast<std::size_t>(i);
                            const OfferListRow& row = rows[index];
                            out.text(ids[index])
                                .text(row.offer)
                                .number(row.expectedUplift)
                                .number(row.expectedValue)
                                .number(row.cost)
                                .text(row.reason)
                                .flag(row.control);
                        });
    exporting::writeParametersSidecar(path, options.parameters);
}

void writeOfferListXlsx(const QString& path, const std::vector<OfferListRow>& rows,
                        const OfferListExport& options) {
    const std::vector<QString> ids = customerColumn(rows, options.pseudonyms);
    exporting::XlsxOptions xlsx;
    xlsx.streaming = true;  // offer lists can run to millions of rows
    xlsx.created = options.created;
    xlsx.title = QStringLiteral("Offer list");
    XlsxWorkbook workbook(path, xlsx);
    const QStringList header = {customerTitle(options),
                                QStringLiteral("offer"),
                                QStringLiteral("expected uplift"),
                                QStringLiteral("expected value"),
                                QStringLiteral("cost"),
                                QStringLiteral("reason")};
    writeSheets(workbook, QStringLiteral("Offer list"), header, rows, ids, false);
    writeSheets(workbook, QStringLiteral("Control group"), header, rows, ids, true);
    workbook.addParametersSheet(options.parameters);
    workbook.close();
}

}  // namespace mb::targeting
