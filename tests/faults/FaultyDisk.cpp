#include "FaultyDisk.h"

#include <sqlite3.h>
#include <atomic>
#include <cstring>

namespace mbtest {

namespace {

std::atomic<int> g_writes{0};
std::atomic<int> g_failFrom{0};  // 0: never
std::atomic<int> g_refused{0};
sqlite3_vfs* g_real = nullptr;
sqlite3_vfs g_vfs;
sqlite3_io_methods g_methods;

// The wrapper's file: SQLite allocates szOsFile bytes; the real file follows this header.
struct FaultyFile {
    sqlite3_file base;
    sqlite3_file* real;
};

sqlite3_file* realOf(sqlite3_file* file) {
    return reinterpret_cast<FaultyFile*>(file)->real;
}

// True when this write must fail: the disk is "full" from the chosen write on.
bool refuse() {
    const int count = ++g_writes;
    const int from = g_failFrom.load();
    if (from > 0 && count >= from) {
        ++g_refused;
        return true;
    }
    return false;
}

int faultyClose(sqlite3_file* file) {
    return realOf(file)->pMethods->xClose(realOf(file));
}
int faultyRead(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
    return realOf(file)->pMethods->xRead(realOf(file), buffer, amount, offset);
}
int faultyWrite(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
    if (refuse())
        return SQLITE_FULL;
    return realOf(file)->pMethods->xWrite(realOf(file), buffer, amount, offset);
}
int faultyTruncate(sqlite3_file* file, sqlite3_int64 size) {
    if (refuse())
        return SQLITE_FULL;
    return realOf(file)->pMethods->xTruncate(realOf(file), size);
}
int faultySync(sqlite3_file* file, int flags) {
    if (refuse())
        return SQLITE_FULL;
    return realOf(file)->pMethods->xSync(realOf(file), flags);
}
int faultyFileSize(sqlite3_file* file, sqlite3_int64* size) {
    return realOf(file)->pMethods->xFileSize(realOf(file), size);
}
int faultyLock(sqlite3_file* file, int level) {
    return realOf(file)->pMethods->xLock(realOf(file), level);
}
int faultyUnlock(sqlite3_file* file, int level) {
    return realOf(file)->pMethods->xUnlock(realOf(file), level);
}
int faultyCheckReservedLock(sqlite3_file* file, int* result) {
    return realOf(file)->pMethods->xCheckReservedLock(realOf(file), result);
}
int faultyFileControl(sqlite3_file* file, int op, void* argument) {
    return realOf(file)->pMethods->xFileControl(realOf(file), op, argument);
}
int faultySectorSize(sqlite3_file* file) {
    return realOf(file)->pMethods->xSectorSize(realOf(file));
}
int faultyDeviceCharacteristics(sqlite3_file* file) {
    return realOf(file)->pMethods->xDeviceCharacteristics(realOf(file));
}
int faultyShmMap(sqlite3_file* file, int page, int pageSize, int extend, void volatile** out) {
    return realOf(file)->pMethods->xShmMap(realOf(file), page, pageSize, extend, out);
}
int faultyShmLock(sqlite3_file* file, int offset, int n, int flags) {
    return realOf(file)->pMethods->xShmLock(realOf(file), offset, n, flags);
}
void faultyShmBarrier(sqlite3_file* file) {
    realOf(file)->pMethods->xShmBarrier(realOf(file));
}
int faultyShmUnmap(sqlite3_file* file, int deleteFlag) {
    return realOf(file)->pMethods->xShmUnmap(realOf(file), deleteFlag);
}
int faultyFetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
    return realOf(file)->pMethods->xFetch(realOf(file), offset, amount, out);
}
int faultyUnfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
    return realOf(file)->pMethods->xUnfetch(realOf(file), offset, page);
}

int faultyOpen(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* outFlags) {
    auto* wrapper = reinterpret_cast<FaultyFile*>(file);
    wrapper->real = reinterpret_cast<sqlite3_file*>(wrapper + 1);
    const int rc = g_real->xOpen(g_real, name, wrapper->real, flags, outFlags);
    // Without real methods SQLite will not call ours (not even xClose).
    wrapper->base.pMethods = wrapper->real->pMethods ? &g_methods : nullptr;
    return rc;
}

}  // namespace

void FaultyDisk::install() {
    if (g_real)
        return;
    g_real = sqlite3_vfs_find(nullptr);
    g_vfs = *g_real;
    g_vfs.zName = "faulty-disk";
    g_vfs.szOsFile = static_cast<int>(sizeof(FaultyFile)) + g_real->szOsFile;
    g_vfs.xOpen = faultyOpen;
    g_vfs.pAppData = nullptr;
    std::memset(&g_methods, 0, sizeof g_methods);
    g_methods.iVersion = 3;
    g_methods.xClose = faultyClose;
    g_methods.xRead = faultyRead;
    g_methods.xWrite = faultyWrite;
    g_methods.xTruncate = faultyTruncate;
    g_methods.xSync = faultySync;
    g_methods.xFileSize = faultyFileSize;
    g_methods.xLock = faultyLock;
    g_methods.xUnlock = faultyUnlock;
    g_methods.xCheckReservedLock = faultyCheckReservedLock;
    g_methods.xFileControl = faultyFileControl;
    g_methods.xSectorSize = faultySectorSize;
    g_methods.xDeviceCharacteristics = faultyDeviceCharacteristics;
    g_methods.xShmMap = faultyShmMap;
    g_methods.xShmLock = faultyShmLock;
    g_methods.xShmBarrier = faultyShmBarrier;
    g_methods.xShmUnmap = faultyShmUnmap;
    g_methods.xFetch = faultyFetch;
    g_methods.xUnfetch = faultyUnfetch;
    sqlite3_vfs_register(&g_vfs, 1);
}

void FaultyDisk::fillAfter(int writes) {
    g_writes = 0;
    g_refused = 0;
    g_failFrom = writes;
}

void FaultyDisk::makeRoom() {
    g_failFrom = 0;
}

int FaultyDisk::writes() {
    return g_writes.load();
}

void FaultyDisk::resetCount() {
    g_writes = 0;
}

int FaultyDisk::refused() {
    return g_refused.load();
}

}  // namespace mbtest
