#pragma once

#include "data/CsvReader.h"
#include "data/ImportCell.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace mb::data {

// Reads CSV records on a second thread, in batches, while the caller validates and writes the
// previous ones: parsing, inflating and fingerprinting a file then overlap with SQLite's work.
// The reader is used by the pipeline's thread only from start() until the destructor or finish().
class RecordPipeline {
public:
    struct Batch {
        std::vector<CsvRecord> records;
        std::vector<ImportRow> rows;    // the records converted, when a converter is given
        std::size_t size = 0;           // records in use (the vector keeps its buffers)
        std::int64_t progressMark = 0;  // the probe's value when the batch was read
    };

    using Converter = std::function<void(const CsvRecord&, ImportRow&)>;
    // Both run on the reading thread: `convert` on each record (may be empty), `probe` after
    // each batch (e.g. the bytes read so far, for progress).
    RecordPipeline(CsvReader& reader, Converter convert, std::function<std::int64_t()> probe);
    ~RecordPipeline();
    RecordPipeline(const RecordPipeline&) = delete;
    RecordPipeline& operator=(const RecordPipeline&) = delete;

    void start();
    // The next filled batch, or null at the end of input. Give each batch back with recycle().
    Batch* next();
    void recycle(Batch* batch);
    // Stops reading (if still going) and waits for the thread; safe to call more than once.
    void finish();

private:
    void readAll();

    CsvReader& reader_;
    Converter convert_;
    std::function<std::int64_t()> probe_;
    std::vector<Batch> storage_;
    std::deque<Batch*> free_;
    std::deque<Batch*> filled_;
    bool done_ = false;
    bool stopping_ = false;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::thread thread_;
};

}  // namespace mb::data
