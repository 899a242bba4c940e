#pragma once
// What this build is: its version, the git commit it was built from and the Qt it runs on.
// `embedctl --version`, the console's About dialog, the log line at the start of every run and
// the run record (embedding_runs) all show the same three facts.

#include <QString>

namespace ec {

struct BuildInfo
{
    /// The project version (CMake's PROJECT_VERSION), e.g. "0.1.0".
    static QString version();
    /// The git commit (12 hex digits, "-dirty" with uncommitted changes) or "unknown" when the
    /// source was not a git checkout.
    static QString gitCommit();
    /// The Qt the program runs on (qVersion()), which may differ from the one it was built with.
    static QString qtVersion();
    /// "0.1.0 (commit 1234abcd5678, Qt 6.4.2)".
    static QString summary();
};

} // namespace ec
