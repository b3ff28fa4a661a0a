#pragma once

#include "common/Error.h"

namespace mb::targeting {

// A request the data cannot answer as asked (an outcome or arm the campaign lacks, a top k the
// file is too small for): the CLI reports it as a usage error (exit 1), as it did before the
// analyses became jobs. Found before anything is recorded.
class RequestProblem : public Error {
public:
    using Error::Error;
};

}  // namespace mb::targeting
