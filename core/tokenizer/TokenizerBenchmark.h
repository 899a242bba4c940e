#pragma once
// A throughput benchmark of Cl100kTokenizer on catalog-like text (`embedctl benchmark
// --tokenizer`). Not a test: it measures, it asserts nothing.

#include <QByteArray>
#include <QtGlobal>

#include <vector>

namespace ec {

struct TokenizerBenchmarkResult
{
    qint64 bytes = 0;              ///< UTF-8 bytes counted
    qint64 tokens = 0;             ///< tokens counted
    double seconds = 0;            ///< wall-clock time of the counting
    double megabytesPerSecond = 0; ///< 10^6 bytes per wall-clock second, on one thread
    double cpuSeconds = 0;         ///< CPU time of the counting thread (0 where unsupported): the
                                   ///< figure to trust on a busy machine
};

/// Deterministic catalog-like texts (titles, summaries and tags mixing Korean and English
/// words, digits, prices and punctuation), in total at least targetBytes of UTF-8.
std::vector<QByteArray> tokenizerBenchmarkTexts(qint64 targetBytes);

/// Times Cl100kTokenizer::instance().count() over tokenizerBenchmarkTexts(targetBytes) on
/// the calling thread. Loading the tokenizer and making the texts are not timed. All zero
/// when the tokenizer is invalid.
TokenizerBenchmarkResult benchmarkTokenizer(qint64 targetBytes);

} // namespace ec
