// FaultyDisk in a program run as a user runs it (merchbench-cli), loaded with LD_PRELOAD:
//   MERCHBENCH_FAULTY_DISK_FILL_AFTER=N  the N-th write and every later one fail (0: none)
//   MERCHBENCH_FAULTY_DISK_COUNT=FILE    the number of writes seen is written there at exit
#include "FaultyDisk.h"

#include <cstdio>
#include <cstdlib>

namespace {

__attribute__((constructor)) void installFromEnvironment() {
    mbtest::FaultyDisk::install();
    const char* fillAfter = std::getenv("MERCHBENCH_FAULTY_DISK_FILL_AFTER");
    mbtest::FaultyDisk::fillAfter(fillAfter ? std::atoi(fillAfter) : 0);
}

__attribute__((destructor)) void reportWrites() {
    if (const char* path = std::getenv("MERCHBENCH_FAULTY_DISK_COUNT")) {
        if (std::FILE* file = std::fopen(path, "w")) {
            std::fprintf(file, "%d\n", mbtest::FaultyDisk::writes());
            std::fclose(file);
        }
    }
}

}  // namespace
