<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>BatchRunner</name>
    <message>
        <source>batch row %1 was never uploaded: its items are pending again</source>
        <translation>batch row %1 was never uploaded: its items are pending again</translation>
    </message>
    <message>
        <source>batch row %1: created batch %2 from the recorded upload</source>
        <translation>batch row %1: created batch %2 from the recorded upload</translation>
    </message>
    <message>
        <source>batch row %1: found batch %2 made of the recorded upload</source>
        <translation>batch row %1: found batch %2 made of the recorded upload</translation>
    </message>
    <message>
        <source>collected staging batch %1 (%2): %3 written, %4 failed, %5 back to pending</source>
        <translation>collected staging batch %1 (%2): %3 written, %4 failed, %5 back to pending</translation>
    </message>
    <message>
        <source>collected batch %1 (%2): %3 written, %4 failed, %5 back to pending</source>
        <translation>collected batch %1 (%2): %3 written, %4 failed, %5 back to pending</translation>
    </message>
    <message>
        <source>submitted batch %1: %2 items, %3 inputs in %4 requests, %5 tokens</source>
        <translation>submitted batch %1: %2 items, %3 inputs in %4 requests, %5 tokens</translation>
    </message>
</context>
<context>
    <name>ModelChoice</name>
    <message>
        <source>model %1: the model of %2 of the %3 embedded rows of %4 (no model configured)</source>
        <translation>model %1: the model of %2 of the %3 embedded rows of %4 (no model configured)</translation>
    </message>
    <message>
        <source>model %1: the built-in default (no model configured, and %2 has no vectors yet)</source>
        <translation>model %1: the built-in default (no model configured, and %2 has no vectors yet)</translation>
    </message>
    <message>
        <source>model %1: configured (%2 has no vectors yet)</source>
        <translation>model %1: configured (%2 has no vectors yet)</translation>
    </message>
    <message>
        <source>model %1: configured, the model of %2 of the %3 embedded rows of %4</source>
        <translation>model %1: configured, the model of %2 of the %3 embedded rows of %4</translation>
    </message>
    <message>
        <source>model %1: configured, but %2 of the %3 embedded rows of %4 hold %5 vectors</source>
        <translation>model %1: configured, but %2 of the %3 embedded rows of %4 hold %5 vectors</translation>
    </message>
    <message>
        <source>the configured model %1 is not the table&apos;s: %2 of the %3 embedded rows of %4 hold %5 vectors; a run refuses to mix them (use --model %6, or embedctl migrate)</source>
        <translation>the configured model %1 is not the table&apos;s: %2 of the %3 embedded rows of %4 hold %5 vectors; a run refuses to mix them (use --model %6, or embedctl migrate)</translation>
    </message>
    <message>
        <source>refusing to mix models: %1 of the %2 embedded rows of %3 hold %4 vectors, and the configured model is %5. Embedding with %5 would leave the table&apos;s search index with vectors of two incompatible spaces. Either keep the table&apos;s model (%6), or change models without a search outage (%7). --allow-mixed-models re-embeds row by row anyway.</source>
        <translation>refusing to mix models: %1 of the %2 embedded rows of %3 hold %4 vectors, and the configured model is %5. Embedding with %5 would leave the table&apos;s search index with vectors of two incompatible spaces. Either keep the table&apos;s model (%6), or change models without a search outage (%7). --allow-mixed-models re-embeds row by row anyway.</translation>
    </message>
</context>
<context>
    <name>StoreSession</name>
    <message>
        <source>database connection lost, reconnecting: %1</source>
        <translation>database connection lost, reconnecting: %1</translation>
    </message>
</context>
<context>
    <name>ec::RunEngine</name>
    <message>
        <source>the run cannot go on, the endpoint answers every request so: %1</source>
        <translation>the run cannot go on, the endpoint answers every request so: %1</translation>
    </message>
    <message>
        <source>the endpoint takes at most %1 inputs per request: batches are cut to that (kept for later runs; run --forget-limits learns it again)</source>
        <translation>the endpoint takes at most %1 inputs per request: batches are cut to that (kept for later runs; run --forget-limits learns it again)</translation>
    </message>
    <message>
        <source>no API key for %1: set OPENAI_API_KEY (or AZURE_OPENAI_API_KEY), or use the built-in simulator</source>
        <translation>no API key for %1: set OPENAI_API_KEY (or AZURE_OPENAI_API_KEY), or use the built-in simulator</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier run(s) found dead and marked interrupted</source>
        <translation>
            <numerusform>%n earlier run found dead and marked interrupted</numerusform>
            <numerusform>%n earlier runs found dead and marked interrupted</numerusform>
        </translation>
    </message>
    <message>
        <source>the endpoint takes at most %1 inputs per request (learned in an earlier run)</source>
        <translation>the endpoint takes at most %1 inputs per request (learned in an earlier run)</translation>
    </message>
    <message>
        <source>cannot read the pending items: %1</source>
        <translation>cannot read the pending items: %1</translation>
    </message>
    <message numerus="yes">
        <source>database connection lost: reconnecting for up to %n s</source>
        <translation>
            <numerusform>database connection lost: reconnecting for up to %n s</numerusform>
            <numerusform>database connection lost: reconnecting for up to %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>database connection back</source>
        <translation>database connection back</translation>
    </message>
    <message>
        <source>the model takes at most %1 tokens per input: longer texts are cut to %2 tokens</source>
        <translation>the model takes at most %1 tokens per input: longer texts are cut to %2 tokens</translation>
    </message>
    <message>
        <source>writing a batch failed, nothing of it was kept: %1</source>
        <translation>writing a batch failed, nothing of it was kept: %1</translation>
    </message>
    <message>
        <source>stopping: finishing the requests in flight</source>
        <translation>stopping: finishing the requests in flight</translation>
    </message>
    <message>
        <source>aborting the requests in flight</source>
        <translation>aborting the requests in flight</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) found pending were neither embedded, failed nor left pending: deleted, or written by another program during the run?</source>
        <translation>
            <numerusform>%n item found pending were neither embedded, failed nor left pending: deleted, or written by another program during the run?</numerusform>
            <numerusform>%n items found pending were neither embedded, failed nor left pending: deleted, or written by another program during the run?</numerusform>
        </translation>
    </message>
    <message>
        <source>spend cap reached: $%1 of $%2 spent or in flight; the rest stays pending</source>
        <translation>spend cap reached: $%1 of $%2 spent or in flight; the rest stays pending</translation>
    </message>
</context>
<context>
    <name>ec::ui::BatchTableModel</name>
    <message>
        <source>%1 h %2 min of 24 h</source>
        <translation>%1 h %2 min of 24 h</translation>
    </message>
    <message>
        <source>abandoned (items pending again)</source>
        <translation>abandoned (items pending again)</translation>
    </message>
    <message>
        <source>preparing</source>
        <translation>preparing</translation>
    </message>
    <message>
        <source>uploaded</source>
        <translation>uploaded</translation>
    </message>
    <message>
        <source>validating</source>
        <translation>validating</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in progress</translation>
    </message>
    <message>
        <source>finalizing</source>
        <translation>finalizing</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>completed</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>expired</translation>
    </message>
    <message>
        <source>cancelling</source>
        <translation>cancelling</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>%1, collected</source>
        <translation>%1, collected</translation>
    </message>
    <message>
        <source>Row %1 · input file %2 · output file %3</source>
        <translation>Row %1 · input file %2 · output file %3</translation>
    </message>
    <message>
        <source>Expected: the submitted tokens at the Batch API price</source>
        <translation>Expected: the submitted tokens at the Batch API price</translation>
    </message>
    <message>
        <source>Billed: the tokens of the answered requests at the Batch API price</source>
        <translation>Billed: the tokens of the answered requests at the Batch API price</translation>
    </message>
    <message>
        <source>%1 written, %2 failed, %3 back to pending</source>
        <translation>%1 written, %2 failed, %3 back to pending</translation>
    </message>
    <message>
        <source>row %1</source>
        <translation>row %1</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 of %2</translation>
    </message>
    <message>
        <source>%1 written · %2 failed · %3 back to pending</source>
        <translation>%1 written · %2 failed · %3 back to pending</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Requests done</source>
        <translation>Requests done</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Age</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Cost (Batch price)</source>
        <translation>Cost (Batch price)</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
</context>
<context>
    <name>ec::ui::BatchesView</name>
    <message>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>Polling the open batches…</source>
        <translation>Polling the open batches…</translation>
    </message>
    <message>
        <source>Cancel batch</source>
        <translation>Cancel batch</translation>
    </message>
    <message>
        <source>Cancel batch %1? The requests already done are kept and written at the next collection; the rest of its items go back to pending.</source>
        <translation>Cancel batch %1? The requests already done are kept and written at the next collection; the rest of its items go back to pending.</translation>
    </message>
    <message>
        <source>Cancelling batch %1…</source>
        <translation>Cancelling batch %1…</translation>
    </message>
    <message>
        <source>Submitting the pending items as Batch API batches…</source>
        <translation>Submitting the pending items as Batch API batches…</translation>
    </message>
    <message numerus="yes">
        <source>Polled: %Ln batch(es) collected, %1 still open.</source>
        <translation>
            <numerusform>Polled: %Ln batch collected, %1 still open.</numerusform>
            <numerusform>Polled: %Ln batches collected, %1 still open.</numerusform>
        </translation>
    </message>
    <message>
        <source>Batch %1 is %2.</source>
        <translation>Batch %1 is %2.</translation>
    </message>
    <message numerus="yes">
        <source>Submitted %Ln batch(es): %1 items, %2 tokens, %3 at the Batch API price.</source>
        <translation>
            <numerusform>Submitted %Ln batch: %1 items, %2 tokens, %3 at the Batch API price.</numerusform>
            <numerusform>Submitted %Ln batches: %1 items, %2 tokens, %3 at the Batch API price.</numerusform>
        </translation>
    </message>
    <message>
        <source>Spend cap reached: the rest stays pending.</source>
        <translation>Spend cap reached: the rest stays pending.</translation>
    </message>
    <message>
        <source>Batch API: %1</source>
        <translation>Batch API: %1</translation>
    </message>
    <message>
        <source>%1 written, %2 failed, %3 back to pending, %4</source>
        <translation>%1 written, %2 failed, %3 back to pending, %4</translation>
    </message>
    <message>
        <source>Batch %1: %2</source>
        <translation>Batch %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln batch(es), %1 open · %2 items · %3 tokens · %4 at the Batch API price</source>
        <translation>
            <numerusform>%Ln batch, %1 open · %2 items · %3 tokens · %4 at the Batch API price</numerusform>
            <numerusform>%Ln batches, %1 open · %2 items · %3 tokens · %4 at the Batch API price</numerusform>
        </translation>
    </message>
    <message>
        <source>· polled every %1 while any is open</source>
        <translation>· polled every %1 while any is open</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Error: %1</translation>
    </message>
    <message>
        <source>Batch API: half price, results within 24 h. Start one with Start run → Batch API.</source>
        <translation>Batch API: half price, results within 24 h. Start one with Start run → Batch API.</translation>
    </message>
    <message>
        <source>Collect</source>
        <translation>Collect</translation>
    </message>
    <message>
        <source>Poll the open batches now and collect those that ended: write their vectors, record failures, free their items.</source>
        <translation>Poll the open batches now and collect those that ended: write their vectors, record failures, free their items.</translation>
    </message>
    <message>
        <source>Cancel selected</source>
        <translation>Cancel selected</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>SIMULATED</source>
        <translation>SIMULATED</translation>
    </message>
    <message>
        <source>The endpoint is the built-in simulator: its Batch API runs on an accelerated clock and nothing is billed.</source>
        <translation>The endpoint is the built-in simulator: its Batch API runs on an accelerated clock and nothing is billed.</translation>
    </message>
</context>
<context>
    <name>ec::ui::ConnectionHeader</name>
    <message>
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpoint</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n dimensions</source>
        <translation>
            <numerusform>%1 · %n dimension</numerusform>
            <numerusform>%1 · %n dimensions</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · native dimensions</source>
        <translation>%1 · native dimensions</translation>
    </message>
    <message>
        <source> (Azure)</source>
        <translation> (Azure)</translation>
    </message>
    <message>
        <source>SIMULATED</source>
        <translation>SIMULATED</translation>
    </message>
    <message>
        <source>The endpoint is the built-in simulator: no request leaves this machine and nothing is billed.</source>
        <translation>The endpoint is the built-in simulator: no request leaves this machine and nothing is billed.</translation>
    </message>
</context>
<context>
    <name>ec::ui::DashboardView</name>
    <message>
        <source>%1 embedded</source>
        <translation>%1 embedded</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 of %2</translation>
    </message>
    <message>
        <source>%1 + %2 cached</source>
        <translation>%1 + %2 cached</translation>
    </message>
    <message>
        <source>No run yet</source>
        <translation>No run yet</translation>
    </message>
    <message>
        <source>%1 (%2 inputs)</source>
        <translation>%1 (%2 inputs)</translation>
    </message>
    <message>
        <source>Catalog</source>
        <translation>Catalog</translation>
    </message>
    <message>
        <source>This run</source>
        <translation>This run</translation>
    </message>
    <message>
        <source>API and limits</source>
        <translation>API and limits</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>Embedded</source>
        <translation>Embedded</translation>
    </message>
    <message>
        <source>Pending: no vector</source>
        <translation>Pending: no vector</translation>
    </message>
    <message>
        <source>Pending: outdated</source>
        <translation>Pending: outdated</translation>
    </message>
    <message>
        <source>Pending: other model</source>
        <translation>Pending: other model</translation>
    </message>
    <message>
        <source>Failed items</source>
        <translation>Failed items</translation>
    </message>
    <message>
        <source>Parked items</source>
        <translation>Parked items</translation>
    </message>
    <message>
        <source>Last embedded</source>
        <translation>Last embedded</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Processed</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Succeeded</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <source>Unchanged (no API call)</source>
        <translation>Unchanged (no API call)</translation>
    </message>
    <message>
        <source>Deduplicated</source>
        <translation>Deduplicated</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Cost</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>Throughput</translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation>Elapsed</translation>
    </message>
    <message>
        <source>Time left (ETA)</source>
        <translation>Time left (ETA)</translation>
    </message>
    <message>
        <source>Requests per minute (limit)</source>
        <translation>Requests per minute (limit)</translation>
    </message>
    <message>
        <source>Tokens per minute (limit)</source>
        <translation>Tokens per minute (limit)</translation>
    </message>
    <message>
        <source>Concurrency</source>
        <translation>Concurrency</translation>
    </message>
    <message>
        <source>Requests in flight</source>
        <translation>Requests in flight</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Batch size</translation>
    </message>
    <message>
        <source>API requests</source>
        <translation>API requests</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Retries</translation>
    </message>
    <message>
        <source>Rate limited (429)</source>
        <translation>Rate limited (429)</translation>
    </message>
    <message>
        <source>API errors</source>
        <translation>API errors</translation>
    </message>
    <message>
        <source>items/s</source>
        <translation>items/s</translation>
    </message>
    <message>
        <source>Cumulative progress</source>
        <translation>Cumulative progress</translation>
    </message>
    <message>
        <source>items</source>
        <translation>items</translation>
    </message>
    <message>
        <source>Tokens and cost</source>
        <translation>Tokens and cost</translation>
    </message>
    <message>
        <source>USD</source>
        <translation>USD</translation>
    </message>
    <message>
        <source>Errors and 429s</source>
        <translation>Errors and 429s</translation>
    </message>
    <message>
        <source>429 responses</source>
        <translation>429 responses</translation>
    </message>
    <message>
        <source>count</source>
        <translation>count</translation>
    </message>
    <message>
        <source>API latency</source>
        <translation>API latency</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>Tokens/s</translation>
    </message>
    <message>
        <source>Cost so far (USD)</source>
        <translation>Cost so far (USD)</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>tokens/s</translation>
    </message>
    <message>
        <source>none: adaptive</source>
        <translation>none: adaptive</translation>
    </message>
    <message>
        <source>%1 (from the server)</source>
        <translation>%1 (from the server)</translation>
    </message>
    <message>
        <source>%1 (your cap)</source>
        <translation>%1 (your cap)</translation>
    </message>
    <message>
        <source>There is no catalog to embed yet</source>
        <translation>There is no catalog to embed yet</translation>
    </message>
    <message>
        <source>%1

Create a demo catalog of AI tools to try the console against the built-in simulator, or open the settings and point the console at your database and table.</source>
        <translation>%1

Create a demo catalog of AI tools to try the console against the built-in simulator, or open the settings and point the console at your database and table.</translation>
    </message>
    <message>
        <source>Create demo catalog…</source>
        <translation>Create demo catalog…</translation>
    </message>
    <message>
        <source>Open Settings…</source>
        <translation>Open Settings…</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>The catalog&apos;s figures cannot be read: %1</source>
        <translation>The catalog&apos;s figures cannot be read: %1</translation>
    </message>
</context>
<context>
    <name>ec::ui::DuplicatesView</name>
    <message>
        <source>Cannot build the duplicate report: %1</source>
        <translation>Cannot build the duplicate report: %1</translation>
    </message>
    <message>
        <source>Hashing every text…</source>
        <translation>Hashing every text…</translation>
    </message>
    <message>
        <source>%1 groups · %2 items need no request of their own · %3 tokens saved · %4 saved at %5 (Batch API: %6). %7 items scanned, %8 distinct texts.</source>
        <translation>%1 groups · %2 items need no request of their own · %3 tokens saved · %4 saved at %5 (Batch API: %6). %7 items scanned, %8 distinct texts.</translation>
    </message>
    <message>
        <source>Every row (full re-embed)</source>
        <translation>Every row (full re-embed)</translation>
    </message>
    <message>
        <source>Pending items only (next run)</source>
        <translation>Pending items only (next run)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Hash / item id</source>
        <translation>Hash / item id</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>Tokens each</source>
        <translation>Tokens each</translation>
    </message>
    <message>
        <source>Tokens saved</source>
        <translation>Tokens saved</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>there is no duplicate report yet</source>
        <translation>there is no duplicate report yet</translation>
    </message>
    <message>
        <source>Export duplicates as CSV</source>
        <translation>Export duplicates as CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV files (*.csv);;All files (*)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <source>Write every group of the report, one line per item, to a CSV file.</source>
        <translation>Write every group of the report, one line per item, to a CSV file.</translation>
    </message>
    <message>
        <source>Similar items</source>
        <translation>Similar items</translation>
    </message>
</context>
<context>
    <name>ec::ui::EstimateDialog</name>
    <message>
        <source>An estimate is already running.</source>
        <translation>An estimate is already running.</translation>
    </message>
    <message>
        <source>Start a run</source>
        <translation>Start a run</translation>
    </message>
    <message>
        <source>The run embeds the pending items with &lt;b&gt;%1&lt;/b&gt;. Check what it will cost, then start it.</source>
        <translation>The run embeds the pending items with &lt;b&gt;%1&lt;/b&gt;. Check what it will cost, then start it.</translation>
    </message>
    <message>
        <source>Start run</source>
        <translation>Start run</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>from the environment</source>
        <translation>from the environment</translation>
    </message>
    <message>
        <source>typed in this session (not saved)</source>
        <translation>typed in this session (not saved)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>not needed: the built-in simulator (SIMULATED), nothing is billed</source>
        <translation>not needed: the built-in simulator (SIMULATED), nothing is billed</translation>
    </message>
    <message>
        <source>Endpoint: %1 · API key: %2</source>
        <translation>Endpoint: %1 · API key: %2</translation>
    </message>
    <message>
        <source>Spend &amp;cap for this run:</source>
        <translation>Spend &amp;cap for this run:</translation>
    </message>
    <message>
        <source>no cap</source>
        <translation>no cap</translation>
    </message>
    <message>
        <source>The run sends nothing that would take its spend past this amount, at the model&apos;s price and exact token counts, and leaves the rest pending.</source>
        <translation>The run sends nothing that would take its spend past this amount, at the model&apos;s price and exact token counts, and leaves the rest pending.</translation>
    </message>
    <message>
        <source>Nothing is submitted that would take the spend past this amount, at the Batch API price and exact token counts; the rest stays pending.</source>
        <translation>Nothing is submitted that would take the spend past this amount, at the Batch API price and exact token counts; the rest stays pending.</translation>
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation>&amp;Mode:</translation>
    </message>
    <message>
        <source>Standard (synchronous)</source>
        <translation>Standard (synchronous)</translation>
    </message>
    <message>
        <source>Batch API: half price, results within 24 h</source>
        <translation>Batch API: half price, results within 24 h</translation>
    </message>
    <message>
        <source>Batch API mode submits the pending items as OpenAI batches; the Batches tab collects them when they end.</source>
        <translation>Batch API mode submits the pending items as OpenAI batches; the Batches tab collects them when they end.</translation>
    </message>
    <message>
        <source>Batch API mode needs the OpenAI API (or its simulator) and all pending items.</source>
        <translation>Batch API mode needs the OpenAI API (or its simulator) and all pending items.</translation>
    </message>
    <message>
        <source>Submit batches</source>
        <translation>Submit batches</translation>
    </message>
</context>
<context>
    <name>ec::ui::EstimatePanel</name>
    <message>
        <source>limited by requests per minute</source>
        <translation>limited by requests per minute</translation>
    </message>
    <message>
        <source>limited by tokens per minute</source>
        <translation>limited by tokens per minute</translation>
    </message>
    <message>
        <source>limited by concurrent requests</source>
        <translation>limited by concurrent requests</translation>
    </message>
    <message>
        <source>Cannot estimate: %1</source>
        <translation>Cannot estimate: %1</translation>
    </message>
    <message>
        <source>Counting the exact tokens of every text…</source>
        <translation>Counting the exact tokens of every text…</translation>
    </message>
    <message>
        <source>%1 of %2 items</source>
        <translation>%1 of %2 items</translation>
    </message>
    <message>
        <source>Re-embedding these items with %1 costs about &lt;b&gt;%2&lt;/b&gt; (Batch API: %3).</source>
        <translation>Re-embedding these items with %1 costs about &lt;b&gt;%2&lt;/b&gt; (Batch API: %3).</translation>
    </message>
    <message>
        <source>Embedding the pending items with %1 costs about &lt;b&gt;%2&lt;/b&gt; (Batch API: %3).</source>
        <translation>Embedding the pending items with %1 costs about &lt;b&gt;%2&lt;/b&gt; (Batch API: %3).</translation>
    </message>
    <message>
        <source>%1 no vector · %2 outdated · %3 other model</source>
        <translation>%1 no vector · %2 outdated · %3 other model</translation>
    </message>
    <message>
        <source>%1 unchanged · %2 duplicates · %3 cached</source>
        <translation>%1 unchanged · %2 duplicates · %3 cached</translation>
    </message>
    <message>
        <source>%1 skipped · %2 truncated</source>
        <translation>%1 skipped · %2 truncated</translation>
    </message>
    <message>
        <source>%1 in %2 texts</source>
        <translation>%1 in %2 texts</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 (configured)</source>
        <translation>%1 (configured)</translation>
    </message>
    <message>
        <source>Items to reset</source>
        <translation>Items to reset</translation>
    </message>
    <message>
        <source>Pending items</source>
        <translation>Pending items</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>No API call needed</source>
        <translation>No API call needed</translation>
    </message>
    <message>
        <source>Not sent whole</source>
        <translation>Not sent whole</translation>
    </message>
    <message>
        <source>Tokens before dedupe</source>
        <translation>Tokens before dedupe</translation>
    </message>
    <message>
        <source>Tokens to send</source>
        <translation>Tokens to send</translation>
    </message>
    <message>
        <source>API calls</source>
        <translation>API calls</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Standard (USD)</source>
        <translation>Standard (USD)</translation>
    </message>
    <message>
        <source>Standard (KRW)</source>
        <translation>Standard (KRW)</translation>
    </message>
    <message>
        <source>Batch API (USD)</source>
        <translation>Batch API (USD)</translation>
    </message>
    <message>
        <source>Batch API (KRW)</source>
        <translation>Batch API (KRW)</translation>
    </message>
    <message>
        <source>That is over the spend cap of %1: a run stops at the cap and leaves the rest pending.</source>
        <translation>That is over the spend cap of %1: a run stops at the cap and leaves the rest pending.</translation>
    </message>
    <message>
        <source>Within the spend cap of %1.</source>
        <translation>Within the spend cap of %1.</translation>
    </message>
    <message>
        <source>Prices are for the tokens to send, after dedupe. The Batch API costs half but answers within 24 hours: pick it under Mode.</source>
        <translation>Prices are for the tokens to send, after dedupe. The Batch API costs half but answers within 24 hours: pick it under Mode.</translation>
    </message>
    <message>
        <source>Prices are for the tokens to send, after dedupe. The Batch API costs half but answers within 24 hours: pick it under Then.</source>
        <translation>Prices are for the tokens to send, after dedupe. The Batch API costs half but answers within 24 hours: pick it under Then.</translation>
    </message>
</context>
<context>
    <name>ec::ui::FailureDetailDialog</name>
    <message>
        <source>Failed item %1</source>
        <translation>Failed item %1</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>The item is no longer in the catalog.</source>
        <translation>The item is no longer in the catalog.</translation>
    </message>
    <message>
        <source>Cannot read the item: %1</source>
        <translation>Cannot read the item: %1</translation>
    </message>
    <message>
        <source>%1 (run #%2)</source>
        <translation>%1 (run #%2)</translation>
    </message>
    <message>
        <source>first %1 · last %2</source>
        <translation>first %1 · last %2</translation>
    </message>
    <message>
        <source>parked until an operator retries it</source>
        <translation>parked until an operator retries it</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Updated at</source>
        <translation>Updated at</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>HTTP status</source>
        <translation>HTTP status</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <source>Seen</source>
        <translation>Seen</translation>
    </message>
    <message>
        <source>Next retry</source>
        <translation>Next retry</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Retry this item</source>
        <translation>Retry this item</translation>
    </message>
</context>
<context>
    <name>ec::ui::FailureTableModel</name>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Parked</source>
        <translation>Parked</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Last seen</translation>
    </message>
</context>
<context>
    <name>ec::ui::FailuresView</name>
    <message>
        <source>Cannot read the failures: %1</source>
        <translation>Cannot read the failures: %1</translation>
    </message>
    <message>
        <source>%1 shown of %2 recorded (%3 parked) · %4 selected</source>
        <translation>%1 shown of %2 recorded (%3 parked) · %4 selected</translation>
    </message>
    <message>
        <source>Search id, title or message</source>
        <translation>Search id, title or message</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Retry selected</source>
        <translation>Retry selected</translation>
    </message>
    <message>
        <source>Clear the backoff and parking of the selected items and embed them now.</source>
        <translation>Clear the backoff and parking of the selected items and embed them now.</translation>
    </message>
    <message>
        <source>Copy rows</source>
        <translation>Copy rows</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Open…</translation>
    </message>
    <message>
        <source>Export failures as CSV</source>
        <translation>Export failures as CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV files (*.csv);;All files (*)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln failure(s) exported to %1</source>
        <translation>
            <numerusform>%Ln failure exported to %1</numerusform>
            <numerusform>%Ln failures exported to %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Show the item&apos;s full text and error (double click, Return or Enter).</source>
        <translation>Show the item&apos;s full text and error (double click, Return or Enter).</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <source>Write every recorded failure, not only the rows shown, to a CSV file.</source>
        <translation>Write every recorded failure, not only the rows shown, to a CSV file.</translation>
    </message>
    <message>
        <source>Similar items</source>
        <translation>Similar items</translation>
    </message>
</context>
<context>
    <name>ec::ui::Format</name>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <translation>%1h %2m</translation>
    </message>
    <message>
        <source>%1m %2s</source>
        <translation>%1m %2s</translation>
    </message>
    <message>
        <source>%1s</source>
        <translation>%1s</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Network</translation>
    </message>
    <message>
        <source>empty text: nothing to embed</source>
        <translation>empty text: nothing to embed</translation>
    </message>
    <message>
        <source>text over the model&apos;s token limit per input (%1)</source>
        <translation>text over the model&apos;s token limit per input (%1)</translation>
    </message>
    <message>
        <source>the tokenizer is unavailable (%1)</source>
        <translation>the tokenizer is unavailable (%1)</translation>
    </message>
    <message>
        <source>the row cannot be read as text (%1)</source>
        <translation>the row cannot be read as text (%1)</translation>
    </message>
</context>
<context>
    <name>ec::ui::HistoryView</name>
    <message>
        <source>Cannot read the run history: %1</source>
        <translation>Cannot read the run history: %1</translation>
    </message>
    <message>
        <source>Select a run to see its error and configuration.</source>
        <translation>Select a run to see its error and configuration.</translation>
    </message>
    <message>
        <source>Run #%1 · %2 · %3 → %4</source>
        <translation>Run #%1 · %2 · %3 → %4</translation>
    </message>
    <message>
        <source>Processed %1 of %2 · API inputs %3 · cost %4</source>
        <translation>Processed %1 of %2 · API inputs %3 · cost %4</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Error: %1</translation>
    </message>
    <message>
        <source>Configuration:</source>
        <translation>Configuration:</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message numerus="yes">
        <source>%Ln run(s) · %1 items embedded · %2 tokens · %3</source>
        <translation>
            <numerusform>%Ln run · %1 items embedded · %2 tokens · %3</numerusform>
            <numerusform>%Ln runs · %1 items embedded · %2 tokens · %3</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ec::ui::LogPanel</name>
    <message>
        <source>Clear log</source>
        <translation>Clear log</translation>
    </message>
    <message>
        <source>Messages of the runs appear here.</source>
        <translation>Messages of the runs appear here.</translation>
    </message>
</context>
<context>
    <name>ec::ui::MainWindow</name>
    <message>
        <source>About Embedding Console</source>
        <translation>About Embedding Console</translation>
    </message>
    <message>
        <source>&lt;b&gt;Embedding Console&lt;/b&gt;&lt;br&gt;Keeps the vector embeddings of a product catalog up to date, on PostgreSQL or SQLite, through an OpenAI-compatible embeddings API.</source>
        <translation>&lt;b&gt;Embedding Console&lt;/b&gt;&lt;br&gt;Keeps the vector embeddings of a product catalog up to date, on PostgreSQL or SQLite, through an OpenAI-compatible embeddings API.</translation>
    </message>
    <message>
        <source>Embedding Console</source>
        <translation>Embedding Console</translation>
    </message>
    <message>
        <source>Start run</source>
        <translation>Start run</translation>
    </message>
    <message>
        <source>Estimate the cost of embedding the pending items, then start the run.</source>
        <translation>Estimate the cost of embedding the pending items, then start the run.</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>Abort</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Abort the requests in flight now; nothing partial is written.</source>
        <translation>Abort the requests in flight now; nothing partial is written.</translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation>Retry failed</translation>
    </message>
    <message>
        <source>Clear the backoff and parking of every failed item and embed them now.</source>
        <translation>Clear the backoff and parking of every failed item and embed them now.</translation>
    </message>
    <message>
        <source>Reset…</source>
        <translation>Reset…</translation>
    </message>
    <message>
        <source>Clear vectors so they are embedded again, priced before anything changes.</source>
        <translation>Clear vectors so they are embedded again, priced before anything changes.</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>System default</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Run</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>Failures</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>Duplicates</translation>
    </message>
    <message>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Run</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Cannot retry the failed items: %1</source>
        <translation>Cannot retry the failed items: %1</translation>
    </message>
    <message>
        <source>No failed items to retry.</source>
        <translation>No failed items to retry.</translation>
    </message>
    <message>
        <source>Run #%1 %2: %3 processed, %4 succeeded, %5 failed, %6 skipped, %7 unchanged, %8 deduplicated, %9 tokens, %10.</source>
        <translation>Run #%1 %2: %3 processed, %4 succeeded, %5 failed, %6 skipped, %7 unchanged, %8 deduplicated, %9 tokens, %10.</translation>
    </message>
    <message>
        <source>Run failed: %1</source>
        <translation>Run failed: %1</translation>
    </message>
    <message>
        <source>Another exclusive run holds the lock; nothing was done.</source>
        <translation>Another exclusive run holds the lock; nothing was done.</translation>
    </message>
    <message>
        <source>Run %1.</source>
        <translation>Run %1.</translation>
    </message>
    <message>
        <source>Database unavailable</source>
        <translation>Database unavailable</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>Run #%1 was interrupted; the next run finishes its items.</source>
        <translation>Run #%1 was interrupted; the next run finishes its items.</translation>
    </message>
    <message>
        <source>Settings applied.</source>
        <translation>Settings applied.</translation>
    </message>
    <message>
        <source>A run is going</source>
        <translation>A run is going</translation>
    </message>
    <message>
        <source>Stop the run and quit? The requests in flight are finished and written first.</source>
        <translation>Stop the run and quit? The requests in flight are finished and written first.</translation>
    </message>
    <message numerus="yes">
        <source>Starting a run of %Ln selected item(s).</source>
        <translation>
            <numerusform>Starting a run of %Ln selected item.</numerusform>
            <numerusform>Starting a run of %Ln selected items.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retrying %Ln failed item(s).</source>
        <translation>
            <numerusform>Retrying %Ln failed item.</numerusform>
            <numerusform>Retrying %Ln failed items.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  … and %Ln more failed item(s); see Failures.</source>
        <translation>
            <numerusform>  … and %Ln more failed item; see Failures.</numerusform>
            <numerusform>  … and %Ln more failed items; see Failures.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reset %Ln item(s); the next run embeds them again.</source>
        <translation>
            <numerusform>Reset %Ln item; the next run embeds it again.</numerusform>
            <numerusform>Reset %Ln items; the next run embeds them again.</numerusform>
        </translation>
    </message>
    <message>
        <source>Finish the requests in flight, write them and end the run as stopped.</source>
        <translation>Finish the requests in flight, write them and end the run as stopped.</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Cannot start the built-in simulator: %1</source>
        <translation>Cannot start the built-in simulator: %1</translation>
    </message>
    <message>
        <source>Set key…</source>
        <translation>Set key…</translation>
    </message>
    <message>
        <source>No API key for %1: runs go to the built-in simulator (SIMULATED), and nothing is billed. Set a key in the settings or in OPENAI_API_KEY to embed for real.</source>
        <translation>No API key for %1: runs go to the built-in simulator (SIMULATED), and nothing is billed. Set a key in the settings or in OPENAI_API_KEY to embed for real.</translation>
    </message>
    <message>
        <source>No API key for %1: the run was not started.</source>
        <translation>No API key for %1: the run was not started.</translation>
    </message>
    <message>
        <source>Starting a run with %1 (%2%3).</source>
        <translation>Starting a run with %1 (%2%3).</translation>
    </message>
    <message>
        <source>, SIMULATED</source>
        <translation>, SIMULATED</translation>
    </message>
    <message>
        <source>  item %1: %2</source>
        <translation>  item %1: %2</translation>
    </message>
    <message>
        <source>Run #%1: %2</source>
        <translation>Run #%1: %2</translation>
    </message>
    <message>
        <source>%1 succeeded, %2 failed, %3</source>
        <translation>%1 succeeded, %2 failed, %3</translation>
    </message>
    <message>
        <source>No catalog</source>
        <translation>No catalog</translation>
    </message>
    <message>
        <source>Create demo catalog</source>
        <translation>Create demo catalog</translation>
    </message>
    <message numerus="yes">
        <source>Writing %Ln demo item(s) into %1…</source>
        <translation>
            <numerusform>Writing %Ln demo item into %1…</numerusform>
            <numerusform>Writing %Ln demo items into %1…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Created a demo catalog of %Ln item(s) in %1.</source>
        <translation>
            <numerusform>Created a demo catalog of %Ln item in %1.</numerusform>
            <numerusform>Created a demo catalog of %Ln items in %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot create the demo catalog: %1</source>
        <translation>Cannot create the demo catalog: %1</translation>
    </message>
    <message>
        <source>Start a run (estimate first)</source>
        <translation>Start a run (estimate first)</translation>
    </message>
    <message>
        <source>Stop the run; again: abort it</source>
        <translation>Stop the run; again: abort it</translation>
    </message>
    <message>
        <source>Retry failed items</source>
        <translation>Retry failed items</translation>
    </message>
    <message>
        <source>Reset vectors</source>
        <translation>Reset vectors</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Refresh every view</source>
        <translation>Refresh every view</translation>
    </message>
    <message>
        <source>Enter — open the selected failure</source>
        <translation>Enter — open the selected failure</translation>
    </message>
    <message>
        <source>This list</source>
        <translation>This list</translation>
    </message>
    <message>
        <source>Table %1 does not exist in %2 yet.</source>
        <translation>Table %1 does not exist in %2 yet.</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Using %1.</source>
        <translation>Using %1.</translation>
    </message>
    <message>
        <source>Model mismatch: %1</source>
        <translation>Model mismatch: %1</translation>
    </message>
    <message>
        <source>The vectors do not fit the column: %1</source>
        <translation>The vectors do not fit the column: %1</translation>
    </message>
    <message>
        <source>The run was not started: %1</source>
        <translation>The run was not started: %1</translation>
    </message>
    <message>
        <source>Version %1&lt;br&gt;Git commit %2&lt;br&gt;Qt %3</source>
        <translation>Version %1&lt;br&gt;Git commit %2&lt;br&gt;Qt %3</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>Batches</translation>
    </message>
    <message>
        <source>Migration</source>
        <translation>Migration</translation>
    </message>
    <message>
        <source>The batches were not submitted: %1</source>
        <translation>The batches were not submitted: %1</translation>
    </message>
    <message>
        <source>no API key</source>
        <translation>no API key</translation>
    </message>
    <message>
        <source>Submitting the pending items as Batch API batches with %1 (%2%3).</source>
        <translation>Submitting the pending items as Batch API batches with %1 (%2%3).</translation>
    </message>
</context>
<context>
    <name>ec::ui::MigrationView</name>
    <message>
        <source>Staging: %1 of %2 rows, %3 tokens, %4 so far.</source>
        <translation>Staging: %1 of %2 rows, %3 tokens, %4 so far.</translation>
    </message>
    <message>
        <source>Staging ended: %1 staged, %2 unchanged, %3 failed; %4 tokens, %5.</source>
        <translation>Staging ended: %1 staged, %2 unchanged, %3 failed; %4 tokens, %5.</translation>
    </message>
    <message>
        <source>Staging stopped; staging again resumes it. %1</source>
        <translation>Staging stopped; staging again resumes it. %1</translation>
    </message>
    <message>
        <source>Swapped: %1 rows now hold the new vectors (%2 re-staged first); the table&apos;s rows were locked for %3 s. Rollback restores the old vectors until you finish.</source>
        <translation>Swapped: %1 rows now hold the new vectors (%2 re-staged first); the table&apos;s rows were locked for %3 s. Rollback restores the old vectors until you finish.</translation>
    </message>
    <message>
        <source>Rolled back: %1 rows hold their old vectors and model again.</source>
        <translation>Rolled back: %1 rows hold their old vectors and model again.</translation>
    </message>
    <message>
        <source>Finished: %1 staged and old vectors dropped.</source>
        <translation>Finished: %1 staged and old vectors dropped.</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Failed: %1</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Stopped.</translation>
    </message>
    <message>
        <source>Pricing the migration…</source>
        <translation>Pricing the migration…</translation>
    </message>
    <message>
        <source>about %1 (%2 at the Batch API price)</source>
        <translation>about %1 (%2 at the Batch API price)</translation>
    </message>
    <message>
        <source>the price the plan shows</source>
        <translation>the price the plan shows</translation>
    </message>
    <message>
        <source>Stage the migration</source>
        <translation>Stage the migration</translation>
    </message>
    <message>
        <source>Embed every row of %1 with %2 into the staging table, for %3? The table and its search are not changed until you swap.</source>
        <translation>Embed every row of %1 with %2 into the staging table, for %3? The table and its search are not changed until you swap.</translation>
    </message>
    <message>
        <source>Embedding the sample queries with both models and ranking…</source>
        <translation>Embedding the sample queries with both models and ranking…</translation>
    </message>
    <message>
        <source>Swap the vectors</source>
        <translation>Swap the vectors</translation>
    </message>
    <message>
        <source>Write every staged %1 vector into %2 in one transaction, after re-staging the rows edited since? Search then serves the new model; Rollback restores the old vectors until you finish.</source>
        <translation>Write every staged %1 vector into %2 in one transaction, after re-staging the rows edited since? Search then serves the new model; Rollback restores the old vectors until you finish.</translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation>Roll back</translation>
    </message>
    <message>
        <source>Restore every old %1 vector of %2 in one transaction?</source>
        <translation>Restore every old %1 vector of %2 in one transaction?</translation>
    </message>
    <message>
        <source>Drop the old vectors? Rollback is no longer possible afterwards.</source>
        <translation>Drop the old vectors? Rollback is no longer possible afterwards.</translation>
    </message>
    <message>
        <source>Drop the staged vectors and end the migration without swapping?</source>
        <translation>Drop the staged vectors and end the migration without swapping?</translation>
    </message>
    <message>
        <source>Finish the migration</source>
        <translation>Finish the migration</translation>
    </message>
    <message>
        <source>Pick the new model and press Plan. Nothing is sent and nothing is changed until you stage.</source>
        <translation>Pick the new model and press Plan. Nothing is sent and nothing is changed until you stage.</translation>
    </message>
    <message>
        <source>%1: %2 (%3 dimensions) to %4 (%5 dimensions). %6 rows, %7 to embed (%8 from the cache, %9 repeated texts); %10 tokens: %11 at the standard price, %12 with the Batch API; about %13.</source>
        <translation>%1: %2 (%3 dimensions) to %4 (%5 dimensions). %6 rows, %7 to embed (%8 from the cache, %9 repeated texts); %10 tokens: %11 at the standard price, %12 with the Batch API; about %13.</translation>
    </message>
    <message>
        <source>no vectors</source>
        <translation>no vectors</translation>
    </message>
    <message>
        <source>%1&#xa0;s</source>
        <translation>%1&#xa0;s</translation>
    </message>
    <message>
        <source>%1&#xa0;min</source>
        <translation>%1&#xa0;min</translation>
    </message>
    <message>
        <source>The spend cap of %1 stops the staging before the end; staging again resumes it.</source>
        <translation>The spend cap of %1 stops the staging before the end; staging again resumes it.</translation>
    </message>
    <message>
        <source>Within the spend cap of %1.</source>
        <translation>Within the spend cap of %1.</translation>
    </message>
    <message>
        <source>A migration to this model is underway: staging resumes it.</source>
        <translation>A migration to this model is underway: staging resumes it.</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refused: %1</translation>
    </message>
    <message>
        <source>SIMULATED endpoint: the vectors are not real embeddings.</source>
        <translation>SIMULATED endpoint: the vectors are not real embeddings.</translation>
    </message>
    <message>
        <source>No migration is underway: search serves the table&apos;s own vectors.</source>
        <translation>No migration is underway: search serves the table&apos;s own vectors.</translation>
    </message>
    <message>
        <source>Swapped: the table serves %1; the old %2 vectors are kept for rollback.</source>
        <translation>Swapped: the table serves %1; the old %2 vectors are kept for rollback.</translation>
    </message>
    <message>
        <source>Staging %1 → %2: search still serves %1.</source>
        <translation>Staging %1 → %2: search still serves %1.</translation>
    </message>
    <message>
        <source>%1 of %2 rows staged, %3 remaining, %4 stale (edited since staged), %5 failed; %6 tokens, %7 so far.</source>
        <translation>%1 of %2 rows staged, %3 remaining, %4 stale (edited since staged), %5 failed; %6 tokens, %7 so far.</translation>
    </message>
    <message>
        <source>Compare the nearest items under both models for a sample of item titles, before you swap.</source>
        <translation>Compare the nearest items under both models for a sample of item titles, before you swap.</translation>
    </message>
    <message numerus="yes">
        <source>Mean overlap@%1: %2 over %n queries (%3 → %4); %5 tokens, %6.</source>
        <translation>
            <numerusform>Mean overlap@%1: %2 over %n queries (%3 → %4); %5 tokens, %6.</numerusform>
            <numerusform>Mean overlap@%1: %2 over %n queries (%3 → %4); %5 tokens, %6.</numerusform>
        </translation>
    </message>
    <message>
        <source>1. Plan</source>
        <translation>1. Plan</translation>
    </message>
    <message>
        <source>New &amp;model:</source>
        <translation>New &amp;model:</translation>
    </message>
    <message>
        <source>&amp;Dimensions:</source>
        <translation>&amp;Dimensions:</translation>
    </message>
    <message>
        <source>native</source>
        <translation>native</translation>
    </message>
    <message>
        <source>&amp;Plan</source>
        <translation>&amp;Plan</translation>
    </message>
    <message>
        <source>2. Stage (search keeps serving the old vectors)</source>
        <translation>2. Stage (search keeps serving the old vectors)</translation>
    </message>
    <message>
        <source>S&amp;tage</source>
        <translation>S&amp;tage</translation>
    </message>
    <message>
        <source>Sto&amp;p</source>
        <translation>Sto&amp;p</translation>
    </message>
    <message>
        <source>3. Compare search under both models</source>
        <translation>3. Compare search under both models</translation>
    </message>
    <message>
        <source>&amp;k:</source>
        <translation>&amp;k:</translation>
    </message>
    <message>
        <source>&amp;Compare</source>
        <translation>&amp;Compare</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Query</translation>
    </message>
    <message>
        <source>Overlap@k</source>
        <translation>Overlap@k</translation>
    </message>
    <message>
        <source>Nearest now (top 3)</source>
        <translation>Nearest now (top 3)</translation>
    </message>
    <message>
        <source>Nearest after the swap (top 3)</source>
        <translation>Nearest after the swap (top 3)</translation>
    </message>
    <message>
        <source>S&amp;wap…</source>
        <translation>S&amp;wap…</translation>
    </message>
    <message>
        <source>&amp;Rollback…</source>
        <translation>&amp;Rollback…</translation>
    </message>
    <message>
        <source>&amp;Finish…</source>
        <translation>&amp;Finish…</translation>
    </message>
</context>
<context>
    <name>ec::ui::ProcessStatusLabel</name>
    <message>
        <source>RSS %1 · CPU %2%</source>
        <translation>RSS %1 · CPU %2%</translation>
    </message>
    <message>
        <source>Memory of the console: %1 now, %2 at most. CPU: percent of one core over the last second.</source>
        <translation>Memory of the console: %1 now, %2 at most. CPU: percent of one core over the last second.</translation>
    </message>
</context>
<context>
    <name>ec::ui::ResetDialog</name>
    <message>
        <source>Reset</source>
        <translation>Reset</translation>
    </message>
    <message>
        <source>Reset embeddings</source>
        <translation>Reset embeddings</translation>
    </message>
    <message>
        <source>Which rows to reset (all checked criteria must match)</source>
        <translation>Which rows to reset (all checked criteria must match)</translation>
    </message>
    <message>
        <source>Embedded by a model other than</source>
        <translation>Embedded by a model other than</translation>
    </message>
    <message>
        <source>Embedded before</source>
        <translation>Embedded before</translation>
    </message>
    <message>
        <source>Only these ids</source>
        <translation>Only these ids</translation>
    </message>
    <message>
        <source>One id per line, or separated by commas</source>
        <translation>One id per line, or separated by commas</translation>
    </message>
    <message>
        <source>Choose at least one criterion.</source>
        <translation>Choose at least one criterion.</translation>
    </message>
    <message>
        <source>Resetting…</source>
        <translation>Resetting…</translation>
    </message>
    <message>
        <source>Counting the affected items…</source>
        <translation>Counting the affected items…</translation>
    </message>
    <message>
        <source>Nothing changes until you confirm. The reset runs in one transaction and is recorded with your user name, the time, the criteria and the count.</source>
        <translation>Nothing changes until you confirm. The reset runs in one transaction and is recorded with your user name, the time, the criteria and the count.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message numerus="yes">
        <source>Reset %Ln item(s)</source>
        <translation>
            <numerusform>Reset %Ln item</numerusform>
            <numerusform>Reset %Ln items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln item(s) will lose their vector and be embedded again by the next run.</source>
        <translation>
            <numerusform>%Ln item will lose its vector and be embedded again by the next run.</numerusform>
            <numerusform>%Ln items will lose their vector and be embedded again by the next run.</numerusform>
        </translation>
    </message>
    <message>
        <source>No row has a vector to clear and matches every criterion.</source>
        <translation>No row has a vector to clear and matches every criterion.</translation>
    </message>
    <message>
        <source>%1 embedded by a model other than %2</source>
        <translation>%1 embedded by a model other than %2</translation>
    </message>
    <message>
        <source>%1 embedded by another model than %2 (or by none recorded)</source>
        <translation>%1 embedded by another model than %2 (or by none recorded)</translation>
    </message>
    <message>
        <source>%1 embedded by %2, the configured model</source>
        <translation>%1 embedded by %2, the configured model</translation>
    </message>
    <message>
        <source>all embedded before %1</source>
        <translation>all embedded before %1</translation>
    </message>
    <message>
        <source>all among the ids given</source>
        <translation>all among the ids given</translation>
    </message>
    <message numerus="yes">
        <source>%Ln id(s) not found: %1</source>
        <translation>
            <numerusform>%Ln id not found: %1</numerusform>
            <numerusform>%Ln ids not found: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Then:</source>
        <translation>&amp;Then:</translation>
    </message>
    <message>
        <source>Leave them pending for the next run</source>
        <translation>Leave them pending for the next run</translation>
    </message>
    <message>
        <source>Start a run now (standard price)</source>
        <translation>Start a run now (standard price)</translation>
    </message>
    <message>
        <source>Submit them to the Batch API now: half price, results within 24 h</source>
        <translation>Submit them to the Batch API now: half price, results within 24 h</translation>
    </message>
</context>
<context>
    <name>ec::ui::RunHistoryModel</name>
    <message>
        <source>Run</source>
        <translation>Run</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duration</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Succeeded</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <source>Deduped</source>
        <translation>Deduped</translation>
    </message>
    <message>
        <source>Cached</source>
        <translation>Cached</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Requests</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Cost</translation>
    </message>
    <message>
        <source>Items/s</source>
        <translation>Items/s</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Worker</translation>
    </message>
</context>
<context>
    <name>ec::ui::SearchView</name>
    <message>
        <source>Searching…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>Looking for items similar to %1…</source>
        <translation>Looking for items similar to %1…</translation>
    </message>
    <message>
        <source>Item %1</source>
        <translation>Item %1</translation>
    </message>
    <message>
        <source>%1 — score %2</source>
        <translation>%1 — score %2</translation>
    </message>
    <message>
        <source>Similar items</source>
        <translation>Similar items</translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>Search failed: %1</translation>
    </message>
    <message>
        <source>Search is unavailable: %1</source>
        <translation>Search is unavailable: %1</translation>
    </message>
    <message>
        <source>Type a query to see which items the vectors find. The query is embedded with the table&apos;s model (one request) and compared with every item&apos;s vector.</source>
        <translation>Type a query to see which items the vectors find. The query is embedded with the table&apos;s model (one request) and compared with every item&apos;s vector.</translation>
    </message>
    <message>
        <source>ranked by pgvector in the database</source>
        <translation>ranked by pgvector in the database</translation>
    </message>
    <message>
        <source>%1 vectors compared</source>
        <translation>%1 vectors compared</translation>
    </message>
    <message numerus="yes">
        <source>%n nearest item(s) to the query, model %1 (%2 dimensions); %3 tokens, $%4; %5 in %6 s.</source>
        <translation>
            <numerusform>%n nearest item to the query, model %1 (%2 dimensions); %3 tokens, $%4; %5 in %6 s.</numerusform>
            <numerusform>%n nearest items to the query, model %1 (%2 dimensions); %3 tokens, $%4; %5 in %6 s.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) nearest to item %1, by its stored vector (model %2, nothing sent); %3 in %4 s.</source>
        <translation>
            <numerusform>%n item nearest to item %1, by its stored vector (model %2, nothing sent); %3 in %4 s.</numerusform>
            <numerusform>%n items nearest to item %1, by its stored vector (model %2, nothing sent); %3 in %4 s.</numerusform>
        </translation>
    </message>
    <message>
        <source>SIMULATED endpoint: the vectors are not real embeddings.</source>
        <translation>SIMULATED endpoint: the vectors are not real embeddings.</translation>
    </message>
    <message>
        <source>The table holds no vectors of this model.</source>
        <translation>The table holds no vectors of this model.</translation>
    </message>
    <message>
        <source>Search the catalog by meaning, e.g. &quot;tools that transcribe meetings&quot;</source>
        <translation>Search the catalog by meaning, e.g. &quot;tools that transcribe meetings&quot;</translation>
    </message>
    <message>
        <source>&amp;Results:</source>
        <translation>&amp;Results:</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
</context>
<context>
    <name>ec::ui::SettingsDialog</name>
    <message>
        <source>Database URL: %1</source>
        <translation>Database URL: %1</translation>
    </message>
    <message>
        <source>Choose a model.</source>
        <translation>Choose a model.</translation>
    </message>
    <message>
        <source>The endpoint must be a URL such as https://api.openai.com/v1.</source>
        <translation>The endpoint must be a URL such as https://api.openai.com/v1.</translation>
    </message>
    <message>
        <source>The webhook must be an http(s) URL.</source>
        <translation>The webhook must be an http(s) URL.</translation>
    </message>
    <message>
        <source>No API key: set OPENAI_API_KEY or type one here for this session.</source>
        <translation>No API key: set OPENAI_API_KEY or type one here for this session.</translation>
    </message>
    <message>
        <source>From the environment. Never saved.</source>
        <translation>From the environment. Never saved.</translation>
    </message>
    <message>
        <source>Typed for this session only. Never saved.</source>
        <translation>Typed for this session only. Never saved.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Columns</translation>
    </message>
    <message>
        <source>Model and endpoint</source>
        <translation>Model and endpoint</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Run</translation>
    </message>
    <message>
        <source>Prices (USD per 1M tokens)</source>
        <translation>Prices (USD per 1M tokens)</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>Interface</translation>
    </message>
    <message>
        <source>Database URL</source>
        <translation>Database URL</translation>
    </message>
    <message>
        <source>empty: the built-in SQLite catalog</source>
        <translation>empty: the built-in SQLite catalog</translation>
    </message>
    <message>
        <source>sqlite:///path/catalog.db or postgresql://user@host:5432/db</source>
        <translation>sqlite:///path/catalog.db or postgresql://user@host:5432/db</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>for this session only</source>
        <translation>for this session only</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Embedding</source>
        <translation>Embedding</translation>
    </message>
    <message>
        <source>Embedding model</source>
        <translation>Embedding model</translation>
    </message>
    <message>
        <source>Embedded at</source>
        <translation>Embedded at</translation>
    </message>
    <message>
        <source>Updated at</source>
        <translation>Updated at</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Dimensions</source>
        <translation>Dimensions</translation>
    </message>
    <message>
        <source>native</source>
        <translation>native</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpoint</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API key</translation>
    </message>
    <message>
        <source>sk-…</source>
        <translation>sk-…</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Batch size</translation>
    </message>
    <message>
        <source>Concurrent requests</source>
        <translation>Concurrent requests</translation>
    </message>
    <message>
        <source>Requests per minute</source>
        <translation>Requests per minute</translation>
    </message>
    <message>
        <source>Tokens per minute</source>
        <translation>Tokens per minute</translation>
    </message>
    <message>
        <source>Retries per request</source>
        <translation>Retries per request</translation>
    </message>
    <message>
        <source>Park after failures</source>
        <translation>Park after failures</translation>
    </message>
    <message>
        <source>Other models</source>
        <translation>Other models</translation>
    </message>
    <message>
        <source>Batch API factor</source>
        <translation>Batch API factor</translation>
    </message>
    <message>
        <source>KRW per USD</source>
        <translation>KRW per USD</translation>
    </message>
    <message>
        <source>Webhook URL</source>
        <translation>Webhook URL</translation>
    </message>
    <message>
        <source>off</source>
        <translation>off</translation>
    </message>
    <message>
        <source>Slack or Discord compatible; shown masked</source>
        <translation>Slack or Discord compatible; shown masked</translation>
    </message>
    <message>
        <source>Alert above error rate</source>
        <translation>Alert above error rate</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>System default</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>%1 requests/min, %2 tokens/min from the server</source>
        <translation>%1 requests/min, %2 tokens/min from the server</translation>
    </message>
    <message>
        <source>no limits advertised</source>
        <translation>no limits advertised</translation>
    </message>
    <message>
        <source>at most %1 inputs per request</source>
        <translation>at most %1 inputs per request</translation>
    </message>
    <message>
        <source>%1 inputs per request or more</source>
        <translation>%1 inputs per request or more</translation>
    </message>
    <message>
        <source>honoured</source>
        <translation>honoured</translation>
    </message>
    <message>
        <source>not honoured</source>
        <translation>not honoured</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <source>Database: checking %1…</source>
        <translation>Database: checking %1…</translation>
    </message>
    <message>
        <source>Endpoint: testing…</source>
        <translation>Endpoint: testing…</translation>
    </message>
    <message>
        <source>Database: works, %1, table %2 with an embedding column of type %3.</source>
        <translation>Database: works, %1, table %2 with an embedding column of type %3.</translation>
    </message>
    <message>
        <source>Database: %1. Create the demo catalog from the dashboard, or name another table.</source>
        <translation>Database: %1. Create the demo catalog from the dashboard, or name another table.</translation>
    </message>
    <message>
        <source>Database: table %1 cannot be used: %2</source>
        <translation>Database: table %1 cannot be used: %2</translation>
    </message>
    <message>
        <source>Database: does not work: %1</source>
        <translation>Database: does not work: %1</translation>
    </message>
    <message>
        <source>Endpoint: does not work: %1</source>
        <translation>Endpoint: does not work: %1</translation>
    </message>
    <message>
        <source>Endpoint: works, %1 ms, %2 dimensions, base64 %3; %4; %5.</source>
        <translation>Endpoint: works, %1 ms, %2 dimensions, base64 %3; %4; %5.</translation>
    </message>
    <message>
        <source>Spend cap per run</source>
        <translation>Spend cap per run</translation>
    </message>
    <message>
        <source>no cap</source>
        <translation>no cap</translation>
    </message>
</context>
<context>
    <name>ec::ui::StateBadge</name>
    <message>
        <source>Idle</source>
        <translation>Idle</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Starting</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Running</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>Stopping</translation>
    </message>
    <message>
        <source>Aborting</source>
        <translation>Aborting</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Interrupted</translation>
    </message>
    <message>
        <source>Run state: %1</source>
        <translation>Run state: %1</translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>Reconnecting</translation>
    </message>
    <message>
        <source>Completed with failures</source>
        <translation>Completed with failures</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>Aborted</source>
        <translation>Aborted</translation>
    </message>
</context>
</TS>
