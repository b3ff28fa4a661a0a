#pragma once

#include "markdown/MarkdownOptimiser.h"
#include "markdown/MarkdownProblem.h"
#include "markdown/MarkdownSimulation.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <cstdint>

namespace mb::markdown {

// A markdown-solve instance file: the problem plus how to simulate its policy.
struct MarkdownInstance {
    MarkdownProblem problem;
    int simulations = 2000;
    std::uint64_t seed = 1;
};

// Reads the JSON instance format documented in `merchbench-cli markdown-solve --help`. Throws
// mb::Error naming the file, the key, what is wrong and what was expected.
MarkdownInstance readMarkdownInstance(const QByteArray& json, const QString& fileName);

QJsonObject markdownResultToJson(const MarkdownPlan& plan, const MarkdownSimulation& simulation);

}  // namespace mb::markdown
