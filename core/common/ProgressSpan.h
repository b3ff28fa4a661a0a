#pragma once

#include "common/Progress.h"

namespace mb {

// A child token for one step of a longer job: its progress lands in [from, to] of the parent's,
// and it is cancelled as soon as the parent is (checked when it is made and at each report, the
// only moments the step's work looks at it).
class ProgressSpan {
public:
    ProgressSpan(ProgressToken& parent, double from, double to) {
        if (parent.isCancelled())
            child_.cancel();
        child_.setListener([&parent, from, to, this](double fraction) {
            if (parent.isCancelled())
                child_.cancel();
            parent.report(from + (to - from) * fraction);
        });
    }
    ProgressSpan(const ProgressSpan&) = delete;
    ProgressSpan& operator=(const ProgressSpan&) = delete;

    ProgressToken* token() { return &child_; }

private:
    ProgressToken child_;
};

}  // namespace mb
