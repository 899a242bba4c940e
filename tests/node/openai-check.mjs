// Drives the embedding-console API simulator with the official `openai` npm client, to show
// that a real client accepts what the simulator sends. Run by tests/api/tst_openai_node.cpp:
//
//   node openai-check.mjs <spec.json>
//
// spec.json: { baseUrl, azureEndpoint, apiKey, model, inputs: [text…], dimensions, shortDimensions,
//              expected: [base64 float32 per input], expectedShort: [same, shortDimensions],
//              badInput: text the simulator rejects with a 400 }
// Expected token counts come from js-tiktoken (cl100k_base), the reference implementation.
// Prints one JSON line {ok, checks, failures} and exits 1 when any check failed.

import OpenAI, { AzureOpenAI } from 'openai';
import { getEncoding } from 'js-tiktoken';
import { readFileSync } from 'node:fs';
import { check, floatsOf, report, sameVector } from './check-lib.mjs';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const encoding = getEncoding('cl100k_base');
const expectedTokens = spec.inputs.reduce((sum, text) => sum + encoding.encode(text, [], []).length, 0);
const expected = spec.expected.map(floatsOf);
const expectedShort = spec.expectedShort.map(floatsOf);

function checkResponse(response, vectors, label, convert) {
    check(response.object === 'list', `${label}: object is ${response.object}`);
    check(response.model === spec.model, `${label}: model is ${response.model}`);
    check(response.usage?.prompt_tokens === expectedTokens,
        `${label}: prompt_tokens ${response.usage?.prompt_tokens}, js-tiktoken counts ${expectedTokens}`);
    check(response.usage?.total_tokens === expectedTokens, `${label}: total_tokens ${response.usage?.total_tokens}`);
    check(response.data.length === vectors.length, `${label}: ${response.data.length} embeddings`);
    response.data.forEach((item, i) => {
        check(item.object === 'embedding', `${label}: data[${i}].object is ${item.object}`);
        check(item.index === i, `${label}: data[${i}].index is ${item.index}`);
        sameVector(convert(item.embedding), vectors[item.index], `${label} input ${item.index}`);
    });
}

async function main() {
    const client = new OpenAI({ apiKey: spec.apiKey, baseURL: spec.baseUrl, maxRetries: 0 });

    // The SDK's default: it asks for base64 and decodes the floats itself.
    const byDefault = await client.embeddings.create({ model: spec.model, input: spec.inputs });
    checkResponse(byDefault, expected, 'default', (e) => e);

    const asFloat = await client.embeddings.create({ model: spec.model, input: spec.inputs, encoding_format: 'float' });
    checkResponse(asFloat, expected, 'float', (e) => {
        check(Array.isArray(e), 'float: embedding is not an array');
        return e;
    });

    const asBase64 = await client.embeddings.create({ model: spec.model, input: spec.inputs, encoding_format: 'base64' });
    checkResponse(asBase64, expected, 'base64', (e) => {
        check(typeof e === 'string', 'base64: embedding is not a string');
        return floatsOf(e);
    });
    asBase64.data.forEach((item, i) => check(item.embedding === spec.expected[i], `base64: input ${i} differs byte-wise`));

    const shorter = await client.embeddings.create({
        model: spec.model, input: spec.inputs, encoding_format: 'float', dimensions: spec.shortDimensions,
    });
    checkResponse(shorter, expectedShort, 'dimensions', (e) => e);

    const single = await client.embeddings.create({ model: spec.model, input: spec.inputs[0] });
    check(single.data.length === 1, 'single string: one embedding');
    sameVector(single.data[0].embedding, expected[0], 'single string');

    const models = await client.models.list();
    check(models.data.some((m) => m.id === 'text-embedding-3-small'), 'models: text-embedding-3-small listed');

    try {
        await client.embeddings.create({ model: spec.model, input: [spec.inputs[0], spec.badInput] });
        check(false, 'bad input: no error');
    } catch (err) {
        check(err instanceof OpenAI.BadRequestError, `bad input: ${err?.constructor?.name} instead of BadRequestError`);
        check(err.status === 400, `bad input: status ${err.status}`);
        check(err.type === 'invalid_request_error', `bad input: type ${err.type}`);
        check(err.param === 'input', `bad input: param ${err.param}`);
        check(err.code === 'invalid_value', `bad input: code ${err.code}`);
        check(String(err.message).includes("Invalid 'input[1]'"), `bad input: message ${err.message}`);
    }

    try {
        const wrong = new OpenAI({ apiKey: 'sk-not-the-right-key-000', baseURL: spec.baseUrl, maxRetries: 0 });
        await wrong.embeddings.create({ model: spec.model, input: spec.inputs });
        check(false, 'wrong key: no error');
    } catch (err) {
        check(err instanceof OpenAI.AuthenticationError, `wrong key: ${err?.constructor?.name}`);
        check(err.code === 'invalid_api_key', `wrong key: code ${err.code}`);
        check(!String(err.message).includes('sk-not-the-right-key-000'), 'wrong key: the key is echoed');
    }

    // Azure OpenAI's client against the simulator's deployment route.
    const azure = new AzureOpenAI({
        endpoint: spec.azureEndpoint, apiKey: spec.apiKey, apiVersion: '2024-02-01', deployment: spec.model,
        maxRetries: 0,
    });
    const viaAzure = await azure.embeddings.create({ model: spec.model, input: spec.inputs });
    checkResponse(viaAzure, expected, 'azure', (e) => e);
}

await report(main);
