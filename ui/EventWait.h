#pragma once
// Scripted sequences (screenshots, benchmark) wait for the console to get somewhere while
// its event loop keeps running: nothing here blocks the loop.

#include <functional>

namespace ec::ui {

/// Runs the event loop until condition() holds (checked every 20 ms) or timeoutMs pass.
/// Returns condition().
bool waitUntil(const std::function<bool()>& condition, int timeoutMs);
/// Runs the event loop for ms milliseconds.
void spinEventLoop(int ms);

} // namespace ec::ui
