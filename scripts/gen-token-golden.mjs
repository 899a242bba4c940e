#!/usr/bin/env node
// Writes tests/tokenizer/golden/expected.jsonl: the cl100k_base token ids and counts of
// every text of tests/tokenizer/golden/corpus.jsonl, as computed by the reference
// tokenizers js-tiktoken and gpt-tokenizer (tests/node/node_modules; `npm ci --prefix
// tests/node`). Both must agree on every text, or nothing is written.
//
// Texts are encoded as ordinary text: special-token strings are plain characters.
//
// Usage: node scripts/gen-token-golden.mjs [--check]
//   --check  compare with the committed expected.jsonl instead of writing it
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const requireFromTests = createRequire(path.join(root, 'tests', 'node', 'package.json'));
const { getEncoding } = requireFromTests('js-tiktoken');
const gptTokenizer = requireFromTests('gpt-tokenizer/cjs/encoding/cl100k_base');

const goldenDir = path.join(root, 'tests', 'tokenizer', 'golden');
const corpusPath = path.join(goldenDir, 'corpus.jsonl');
const expectedPath = path.join(goldenDir, 'expected.jsonl');

// Code points on which the reference engines and tiktoken's Rust regex disagree (see
// tests/tokenizer/golden/build-corpus.mjs); the corpus must not hold them.
const divergent = [
    [/\u0085/u, 'U+0085 (white space in Rust, not in JavaScript)'],
    [/\uFEFF/u, 'U+FEFF (white space in JavaScript, not in Rust; gpt-tokenizer also drops it)'],
    [/'\u017F/u, "'ſ (a contraction in Rust's case-insensitive match only)"],
];

const tiktoken = getEncoding('cl100k_base');
const lines = readFileSync(corpusPath, 'utf8').split('\n').filter((line) => line.trim() !== '');
const out = [];
const names = new Set();
for (const [index, line] of lines.entries()) {
    const { name, text } = JSON.parse(line);
    if (typeof name !== 'string' || typeof text !== 'string')
        throw new Error(`corpus line ${index + 1}: needs string "name" and "text"`);
    if (names.has(name))
        throw new Error(`corpus line ${index + 1}: duplicate name ${name}`);
    names.add(name);
    for (const [pattern, why] of divergent) {
        if (pattern.test(text))
            throw new Error(`corpus case ${name} holds ${why}`);
    }
    if (Buffer.from(text, 'utf8').toString('utf8') !== text)
        throw new Error(`corpus case ${name} is not valid Unicode (lone surrogate?)`);
    const a = tiktoken.encode(text, [], []);
    const b = gptTokenizer.encode(text, { disallowedSpecial: new Set() });
    if (a.length !== b.length || a.some((token, k) => token !== b[k]))
        throw new Error(`corpus case ${name}: js-tiktoken and gpt-tokenizer disagree`);
    if (tiktoken.decode(a) !== text)
        throw new Error(`corpus case ${name}: the reference does not decode back to the text`);
    out.push(JSON.stringify({ name, count: a.length, tokens: a }));
}
const content = out.join('\n') + '\n';
if (process.argv.includes('--check')) {
    const committed = readFileSync(expectedPath, 'utf8');
    if (committed !== content) {
        console.error('expected.jsonl differs from what the reference tokenizers produce');
        process.exit(1);
    }
    console.log(`expected.jsonl matches the reference (${out.length} cases)`);
} else {
    writeFileSync(expectedPath, content);
    console.log(`wrote ${out.length} cases to ${path.relative(root, expectedPath)}`);
}
