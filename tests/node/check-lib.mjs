// What the official-client checks share (openai-check.mjs, profiles-check.mjs): counting
// checks and failures, decoding base64 float32 vectors, comparing them bit for bit, and the
// one JSON line a check prints for tests/api/tst_openai_node.cpp.

export const failures = [];
let checks = 0;

export function check(condition, message) {
    checks += 1;
    if (!condition) failures.push(message);
}

export function floatsOf(base64) {
    const bytes = Buffer.from(base64, 'base64');
    const copy = new Uint8Array(bytes); // aligned for Float32Array
    return new Float32Array(copy.buffer, 0, copy.length / 4);
}

export function sameVector(actual, expected, label) {
    check(actual.length === expected.length, `${label}: length ${actual.length}, expected ${expected.length}`);
    for (let i = 0; i < expected.length; i += 1) {
        if (Math.fround(actual[i]) !== expected[i]) {
            failures.push(`${label}: value ${i} is ${actual[i]}, expected ${expected[i]}`);
            return;
        }
    }
}

/// Runs `main`, prints {ok, checks, failures} and exits 1 when anything failed.
export async function report(main) {
    try {
        await main();
    } catch (err) {
        failures.push(`unexpected error: ${err?.stack ?? err}`);
    }
    console.log(JSON.stringify({ ok: failures.length === 0, checks, failures }));
    process.exit(failures.length === 0 ? 0 : 1);
}
