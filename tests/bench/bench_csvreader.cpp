// Measures the CSV reader on a generated weekly-sales file:
//   bench_csvreader [lines=1000000]
// and prints records per second for reading alone, and for reading plus parsing every value.
#include "data/CsvReader.h"
#include "data/ValueParser.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryFile>
#include <cstdio>
#include <cstdlib>
#include <ctime>

using namespace mb::data;

namespace {

void writeWeeklySales(QFile& file, long long lines) {
    file.write("store,sku,week,units,price\n");
    QByteArray line;
    for (long long i = 1; i < lines; ++i) {
        line = "S" + QByteArray::number(i % 97) + ",SKU-" + QByteArray::number(i % 5003) +
               ",2024-" + QByteArray::number(1 + i % 12).rightJustified(2, '0') + "-" +
               QByteArray::number(1 + i % 28).rightJustified(2, '0') + "," +
               QByteArray::number(i % 17) + "," + QByteArray::number(1 + (i % 2000) / 100.0) + "\n";
        file.write(line);
    }
    file.flush();
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const long long lines = argc > 1 ? std::atoll(argv[1]) : 1000000;
    QTemporaryFile file;
    if (!file.open()) {
        std::fprintf(stderr, "cannot create a temporary file\n");
        return 1;
    }
    writeWeeklySales(file, lines);
    const double megabytes = file.size() / 1048576.0;

    for (const bool parseValues : {false, true}) {
        file.seek(0);
        QElapsedTimer timer;
        timer.start();
        const std::clock_t cpuStart = std::clock();
        CsvReader reader(&file, CsvDialect{});
        CsvRecord record;
        long long records = 0;
        double checksum = 0;
        while (reader.next(record)) {
            ++records;
            if (parseValues && records > 1) {
                checksum += parseNumber(record.fields[3], NumberFormat{}).value_or(0);
                checksum += parseNumber(record.fields[4], NumberFormat{}).value_or(0);
                checksum += parseDateTime(record.fields[2], DateOrder::Iso)->days;
            }
        }
        const double seconds = timer.nsecsElapsed() / 1e9;
        // CPU time is what a busy machine does not distort.
        const double cpuSeconds = double(std::clock() - cpuStart) / CLOCKS_PER_SEC;
        std::printf(
            "%-20s %lld records, %.1f MB, wall %.3f s, cpu %.3f s: %.2f M records/s, %.0f MB/s "
            "(per cpu second)%s\n",
            parseValues ? "read + parse values:" : "read only:", records, megabytes, seconds,
            cpuSeconds, records / cpuSeconds / 1e6, megabytes / cpuSeconds,
            reader.error() ? " (syntax error!)" : "");
        if (checksum < 0) {
            std::printf("%f\n", checksum);
        }
    }
    return 0;
}
