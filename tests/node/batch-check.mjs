// Drives the simulator's Batch API (/v1/files, /v1/batches) with the official `openai` npm
// client, to show that a real client accepts its shapes. Run by tests/api/tst_openai_node.cpp:
//
//   node batch-check.mjs <spec.json>
//
// spec.json: { baseUrl, slowBaseUrl, limitedBaseUrl, expiringBaseUrl, faultyBaseUrl, apiKey, model, dimensions,
//              inputs: [text…], expected: [base64 float32 per input], badInput }
//   baseUrl          a simulator with the fault bad-input:<badInput>
//   slowBaseUrl      one whose batches validate for 10 simulated hours (to cancel them)
//   limitedBaseUrl   one whose enqueued-token limit is below any batch (validation fails)
//   expiringBaseUrl  one whose batches expire with half their requests done
//   faultyBaseUrl    one that answers every batch request 500 (request-error:1)
// Prints one JSON line {ok, checks, failures} and exits 1 when any check failed.

import OpenAI, { toFile } from 'openai';
import { readFileSync } from 'node:fs';
import { check, floatsOf, report, sameVector } from './check-lib.mjs';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const expected = spec.expected.map(floatsOf);
const ended = new Set(['completed', 'failed', 'expired', 'cancelled']);
const statuses = new Set(['validating', 'failed', 'in_progress', 'finalizing', 'completed', 'expired',
    'cancelling', 'cancelled']);

function requestLine(customId, input) {
    return JSON.stringify({
        custom_id: customId, method: 'POST', url: '/v1/embeddings',
        body: { model: spec.model, input, encoding_format: 'float', dimensions: spec.dimensions },
    });
}

async function upload(client, lines, label) {
    const file = await client.files.create({
        file: await toFile(Buffer.from(lines.join('\n') + '\n'), `${label}.jsonl`), purpose: 'batch',
    });
    check(file.object === 'file', `${label}: file object is ${file.object}`);
    check(file.purpose === 'batch', `${label}: purpose is ${file.purpose}`);
    check(typeof file.id === 'string' && file.id.length > 0, `${label}: no file id`);
    check(file.bytes === Buffer.byteLength(lines.join('\n') + '\n'), `${label}: bytes ${file.bytes}`);
    return file;
}

async function create(client, fileId, label) {
    const batch = await client.batches.create({
        input_file_id: fileId, endpoint: '/v1/embeddings', completion_window: '24h',
        metadata: { check: label },
    });
    check(batch.object === 'batch', `${label}: object is ${batch.object}`);
    check(batch.input_file_id === fileId, `${label}: input_file_id ${batch.input_file_id}`);
    check(batch.endpoint === '/v1/embeddings', `${label}: endpoint ${batch.endpoint}`);
    check(batch.completion_window === '24h', `${label}: completion_window ${batch.completion_window}`);
    check(batch.metadata?.check === label, `${label}: metadata not echoed`);
    check(statuses.has(batch.status), `${label}: status ${batch.status}`);
    check(typeof batch.created_at === 'number' && batch.expires_at === batch.created_at + 86400,
        `${label}: created_at ${batch.created_at}, expires_at ${batch.expires_at}`);
    return batch;
}

async function waitForEnd(client, id, label) {
    const seen = new Set();
    const deadline = Date.now() + 60000;
    for (;;) {
        const batch = await client.batches.retrieve(id);
        check(statuses.has(batch.status), `${label}: status ${batch.status}`);
        seen.add(batch.status);
        if (ended.has(batch.status)) return { batch, seen };
        if (Date.now() > deadline) {
            check(false, `${label}: still ${batch.status} after 60 s`);
            return { batch, seen };
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

async function lines(client, fileId) {
    const response = await client.files.content(fileId);
    return (await response.text()).split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l));
}

async function main() {
    const client = new OpenAI({ apiKey: spec.apiKey, baseURL: spec.baseUrl, maxRetries: 0 });

    // One request per input, one more whose input the simulator refuses, one with two inputs.
    const input = spec.inputs.map((text, i) => requestLine(`item-${i}`, [text]));
    input.push(requestLine('bad', [spec.badInput]));
    input.push(requestLine('pair', [spec.inputs[0], spec.inputs[1]]));
    const file = await upload(client, input, 'main');
    const retrieved = await client.files.retrieve(file.id);
    check(retrieved.id === file.id && retrieved.filename === 'main.jsonl', 'main: files.retrieve');

    const created = await create(client, file.id, 'main');
    check(created.status === 'validating', `main: created as ${created.status}`);
    const { batch } = await waitForEnd(client, created.id, 'main');
    check(batch.status === 'completed', `main: ended ${batch.status}`);
    check(batch.request_counts.total === input.length, `main: total ${batch.request_counts.total}`);
    check(batch.request_counts.completed === input.length - 1, `main: completed ${batch.request_counts.completed}`);
    check(batch.request_counts.failed === 1, `main: failed ${batch.request_counts.failed}`);
    check(typeof batch.completed_at === 'number' && batch.completed_at >= batch.in_progress_at,
        'main: completed_at before in_progress_at');

    const output = await lines(client, batch.output_file_id);
    check(output.length === input.length - 1, `main: ${output.length} output lines`);
    const order = output.map((l) => l.custom_id);
    const inputOrder = order.slice().sort((a, b) => input.findIndex((x) => x.includes(`"${a}"`))
        - input.findIndex((x) => x.includes(`"${b}"`)));
    check(order.join() !== inputOrder.join(), 'main: output lines in input order (expected shuffled)');
    for (const line of output) {
        check(typeof line.id === 'string' && line.error === null, `main ${line.custom_id}: id/error`);
        check(line.response.status_code === 200, `main ${line.custom_id}: status ${line.response.status_code}`);
        check(typeof line.response.request_id === 'string', `main ${line.custom_id}: request_id`);
        const body = line.response.body;
        check(body.object === 'list' && body.model === spec.model, `main ${line.custom_id}: body`);
        if (line.custom_id === 'pair') {
            sameVector(body.data[0].embedding, expected[0], 'pair 0');
            sameVector(body.data[1].embedding, expected[1], 'pair 1');
        } else {
            const i = Number(line.custom_id.slice(5));
            sameVector(body.data[0].embedding, expected[i], line.custom_id);
        }
    }
    const errors = await lines(client, batch.error_file_id);
    check(errors.length === 1 && errors[0].custom_id === 'bad', 'main: error file holds the bad line');
    check(errors[0]?.response?.status_code === 400, `main: bad line status ${errors[0]?.response?.status_code}`);
    check(String(errors[0]?.response?.body?.error?.message).includes('bad-input'), 'main: bad line message');

    // Cancellation (on a simulator that validates for 10 simulated hours): cancelling at once,
    // then cancelled, nothing run.
    const slow = new OpenAI({ apiKey: spec.apiKey, baseURL: spec.slowBaseUrl, maxRetries: 0 });
    const second = await create(slow, (await upload(slow, input.slice(0, 2), 'cancel')).id, 'cancel');
    check(second.status === 'validating', `cancel: created as ${second.status}`);
    const cancelling = await slow.batches.cancel(second.id);
    check(cancelling.status === 'cancelling', `cancel: ${cancelling.status}`);
    check(typeof cancelling.cancelling_at === 'number', 'cancel: cancelling_at');
    const cancelled = await waitForEnd(slow, second.id, 'cancel');
    check(cancelled.batch.status === 'cancelled', `cancel: ended ${cancelled.batch.status}`);
    check(typeof cancelled.batch.cancelled_at === 'number', 'cancel: cancelled_at');
    check(cancelled.batch.request_counts.completed === 0 && !cancelled.batch.output_file_id, 'cancel: nothing run');
    const again = await slow.batches.cancel(second.id);
    check(again.status === 'cancelled', `cancel twice: ${again.status}`);

    // Listing: newest first.
    const main2 = await create(slow, (await upload(slow, input.slice(0, 1), 'list')).id, 'list');
    const page = await slow.batches.list({ limit: 1 });
    check(page.data.length === 1 && page.data[0].id === main2.id, 'list: newest first');
    check(page.has_more === true, 'list: has_more');

    // Unknown ids answer 404 as the SDK expects.
    try {
        await client.batches.retrieve('batch_nope');
        check(false, 'retrieve of an unknown batch succeeded');
    } catch (err) {
        check(err instanceof OpenAI.NotFoundError, `unknown batch: ${err?.constructor?.name}`);
    }

    // Over the enqueued-token limit: validation fails with token_limit_exceeded.
    const limited = new OpenAI({ apiKey: spec.apiKey, baseURL: spec.limitedBaseUrl, maxRetries: 0 });
    const over = await create(limited, (await upload(limited, input.slice(0, 3), 'limit')).id, 'limit');
    const failed = await waitForEnd(limited, over.id, 'limit');
    check(failed.batch.status === 'failed', `limit: ended ${failed.batch.status}`);
    check(failed.batch.errors?.object === 'list', 'limit: errors.object');
    check(failed.batch.errors?.data?.[0]?.code === 'token_limit_exceeded',
        `limit: code ${failed.batch.errors?.data?.[0]?.code}`);
    check(String(failed.batch.errors?.data?.[0]?.message).startsWith('Enqueued token limit reached for'),
        'limit: message');
    check(typeof failed.batch.failed_at === 'number', 'limit: failed_at');
    check(!failed.batch.output_file_id, 'limit: no output file');

    // Expiry half done: the finished half in the output file, the rest batch_expired.
    const expiring = new OpenAI({ apiKey: spec.apiKey, baseURL: spec.expiringBaseUrl, maxRetries: 0 });
    const four = input.slice(0, 4);
    const late = await create(expiring, (await upload(expiring, four, 'expire')).id, 'expire');
    const expired = await waitForEnd(expiring, late.id, 'expire');
    check(expired.batch.status === 'expired', `expire: ended ${expired.batch.status}`);
    check(expired.batch.request_counts.completed === 2, `expire: completed ${expired.batch.request_counts.completed}`);
    check(typeof expired.batch.expired_at === 'number', 'expire: expired_at');
    const done = await lines(expiring, expired.batch.output_file_id);
    const notDone = await lines(expiring, expired.batch.error_file_id);
    check(done.length === 2 && notDone.length === 2, `expire: ${done.length} done, ${notDone.length} not`);
    check(notDone.every((l) => l.response === null && l.error?.code === 'batch_expired'), 'expire: batch_expired lines');
    check(new Set([...done, ...notDone].map((l) => l.custom_id)).size === 4, 'expire: every custom_id once');

    // Per-request errors: in the error file with the server's error body.
    const faulty = new OpenAI({ apiKey: spec.apiKey, baseURL: spec.faultyBaseUrl, maxRetries: 0 });
    const broken = await create(faulty, (await upload(faulty, input.slice(0, 2), 'faulty')).id, 'faulty');
    const brokenEnd = await waitForEnd(faulty, broken.id, 'faulty');
    check(brokenEnd.batch.status === 'completed', `faulty: ended ${brokenEnd.batch.status}`);
    check(brokenEnd.batch.request_counts.failed === 2, `faulty: failed ${brokenEnd.batch.request_counts.failed}`);
    const serverErrors = await lines(faulty, brokenEnd.batch.error_file_id);
    check(serverErrors.every((l) => l.response.status_code === 500
        && l.response.body.error.type === 'server_error'), 'faulty: 500 server_error lines');
}

await report(main);
