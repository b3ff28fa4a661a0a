// A disk that fills up on request: an SQLite VFS wrapping the default one whose writes
// (xWrite, xTruncate, xSync) fail with SQLITE_FULL from a chosen write on, as a real full disk
// does, until it is given room again.
#pragma once

namespace mbtest {

class FaultyDisk {
public:
    // Registers the VFS as SQLite's default (once per process); connections opened after this
    // use it.
    static void install();
    // Counts writes from zero again; the n-th write from now and every later one fail (n >= 1).
    static void fillAfter(int writes);
    // Room again: nothing fails; the count goes on.
    static void makeRoom();
    // Writes seen since the last fillAfter() or resetCount().
    static int writes();
    static void resetCount();
    // How many writes were refused since the last fillAfter().
    static int refused();
};

}  // namespace mbtest
