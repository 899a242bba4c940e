// Drives one server profile of the embedding-console simulator with the official `openai` npm
// client (AzureOpenAI for azure): embeddings.create with base64 and float, and the profile's
// errors, which must surface as the SDK surfaces the real server's (class, status, message,
// code, type, param). Run by tests/api/tst_openai_node.cpp:
//
//   node profiles-check.mjs <spec.json>
//
// spec.json: { profile, baseUrl, azureEndpoint, apiVersion, apiKey, model, inputs: [text…],
//              expected: [base64 float32 per input], expectedModel,
//              errors: [{ label, inputsCount?, inputText?, inputTokens?, model?, apiKey?, baseUrl?,
//                         deployment?, expect: { class, status, message?, code?, type?, param? } }] }
// `inputTokens` sends one input of that many cl100k tokens (" hello" repeated). Expected token
// counts come from js-tiktoken (cl100k_base). Prints one JSON line {ok, checks, failures}.

import OpenAI, { AzureOpenAI } from 'openai';
import { getEncoding } from 'js-tiktoken';
import { readFileSync } from 'node:fs';
import { check, floatsOf, report, sameVector } from './check-lib.mjs';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const encoding = getEncoding('cl100k_base');
const expected = spec.expected.map(floatsOf);
const tokensOf = (texts) => texts.reduce((sum, text) => sum + encoding.encode(text, [], []).length, 0);

function clientFor(overrides = {}) {
    const apiKey = overrides.apiKey ?? spec.apiKey;
    if (spec.profile === 'azure') {
        return new AzureOpenAI({
            endpoint: spec.azureEndpoint, apiKey, apiVersion: spec.apiVersion,
            deployment: overrides.deployment ?? spec.model, maxRetries: 0,
        });
    }
    return new OpenAI({ apiKey, baseURL: overrides.baseUrl ?? spec.baseUrl, maxRetries: 0 });
}

function inputsOf(request) {
    if (request.inputsCount) return Array(request.inputsCount).fill('x');
    if (request.inputTokens) return [' hello'.repeat(request.inputTokens)];
    if (request.inputText !== undefined) return [request.inputText];
    return spec.inputs;
}

async function embeddings(label, format) {
    const label2 = `${spec.profile} ${label}`;
    const response = await clientFor().embeddings.create({ model: spec.model, input: spec.inputs, encoding_format: format });
    check(response.object === 'list', `${label2}: object ${response.object}`);
    check(response.model === spec.expectedModel, `${label2}: model ${response.model}, expected ${spec.expectedModel}`);
    check(response.usage?.prompt_tokens === tokensOf(spec.inputs), `${label2}: prompt_tokens ${response.usage?.prompt_tokens}`);
    check(response.data.length === expected.length, `${label2}: ${response.data.length} embeddings`);
    response.data.forEach((item, i) => {
        check(item.index === i, `${label2}: data[${i}].index ${item.index}`);
        if (format === 'base64') {
            check(typeof item.embedding === 'string', `${label2}: data[${i}] is not a base64 string`);
            sameVector(floatsOf(item.embedding), expected[i], `${label2} input ${i}`);
        } else {
            check(Array.isArray(item.embedding), `${label2}: data[${i}] is not an array`);
            sameVector(item.embedding, expected[i], `${label2} input ${i}`);
        }
    });
}

async function expectError(request) {
    const label = `${spec.profile} ${request.label}`;
    const { expect } = request;
    try {
        await clientFor(request).embeddings.create({ model: request.model ?? spec.model, input: inputsOf(request) });
        check(false, `${label}: no error`);
        return;
    } catch (err) {
        check(err instanceof OpenAI[expect.class], `${label}: ${err?.constructor?.name} instead of ${expect.class}`);
        check(err instanceof OpenAI.APIError, `${label}: not an APIError`);
        check(err.status === expect.status, `${label}: status ${err.status}, expected ${expect.status}`);
        for (const key of ['message', 'code', 'type', 'param']) {
            if (key in expect)
                check(err[key] === expect[key], `${label}: ${key} ${JSON.stringify(err[key])}, expected ${JSON.stringify(expect[key])}`);
        }
    }
}

await report(async () => {
    await embeddings('base64', 'base64');
    await embeddings('float', 'float');
    for (const request of spec.errors) await expectError(request);
});
