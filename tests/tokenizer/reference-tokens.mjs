#!/usr/bin/env node
// Test helper of tst_tokenizer: reads a JSONL file of {"text": …} objects and prints, one
// line each, the JSON array of the text's cl100k_base token ids according to the reference
// js-tiktoken (from tests/node/node_modules), texts encoded as ordinary text.
//
// Usage: node tests/tokenizer/reference-tokens.mjs <texts.jsonl>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const requireFromTests = createRequire(path.join(root, 'tests', 'node', 'package.json'));
const { getEncoding } = requireFromTests('js-tiktoken');
const encoding = getEncoding('cl100k_base');
const lines = readFileSync(process.argv[2], 'utf8').split('\n').filter((line) => line !== '');
const out = lines.map((line) => JSON.stringify(encoding.encode(JSON.parse(line).text, [], [])));
process.stdout.write(out.join('\n') + '\n');
