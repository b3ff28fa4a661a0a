#include "data/RecordPipeline.h"

namespace mb::data {

namespace {
constexpr std::size_t kBatches = 4;             // two being read or written, two waiting
constexpr std::size_t kRecordsPerBatch = 2048;  // small enough that memory stays flat
}  // namespace

RecordPipeline::RecordPipeline(CsvReader& reader, Converter convert,
                               std::function<std::int64_t()> probe)
    : reader_(reader), convert_(std::move(convert)), probe_(std::move(probe)), storage_(kBatches) {
    for (Batch& batch : storage_) {
        batch.records.resize(kRecordsPerBatch);
        if (convert_)
            batch.rows.resize(kRecordsPerBatch);
        free_.push_back(&batch);
    }
}

RecordPipeline::~RecordPipeline() {
    finish();
}

void RecordPipeline::start() {
    thread_ = std::thread([this] { readAll(); });
}

void RecordPipeline::readAll() {
    for (;;) {
        Batch* batch = nullptr;
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [this] { return stopping_ || !free_.empty(); });
            if (stopping_)
                break;
            batch = free_.front();
            free_.pop_front();
        }
        batch->size = 0;
        while (batch->size < batch->records.size() && reader_.next(batch->records[batch->size])) {
            if (convert_)
                convert_(batch->records[batch->size], batch->rows[batch->size]);
            ++batch->size;
        }
        const bool end = batch->size < batch->records.size();
        batch->progressMark = probe_ ? probe_() : 0;
        std::lock_guard lock(mutex_);
        filled_.push_back(batch);
        if (end) {
            done_ = true;
            changed_.notify_all();
            return;
        }
        changed_.notify_all();
    }
    std::lock_guard lock(mutex_);
    done_ = true;
    changed_.notify_all();
}

RecordPipeline::Batch* RecordPipeline::next() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return done_ || !filled_.empty(); });
    if (filled_.empty())
        return nullptr;
    Batch* batch = filled_.front();
    filled_.pop_front();
    return batch;
}

void RecordPipeline::recycle(Batch* batch) {
    std::lock_guard lock(mutex_);
    free_.push_back(batch);
    changed_.notify_all();
}

void RecordPipeline::finish() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        changed_.notify_all();
    }
    if (thread_.joinable())
        thread_.join();
}

}  // namespace mb::data
