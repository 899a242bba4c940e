#!/usr/bin/env node
// Test helper of tst_text: runs the seed's prepareTextForEmbedding() (verbatim from
// search-v2-embedding-batch.md) on a JSONL file of {"title", "summary", "tags"} items and
// prints each result as a JSON string, one line each.
//
// Usage: node tests/text/seed-text.mjs <items.jsonl>
import { readFileSync } from 'node:fs';

function prepareTextForEmbedding(item) {
  const parts = [
    item.title,
    item.summary || '',
    Array.isArray(item.tags) ? item.tags.join(' ') : ''
  ].filter(Boolean)

  return parts.join(' ').trim()
}

const lines = readFileSync(process.argv[2], 'utf8').split('\n').filter((line) => line !== '');
const out = lines.map((line) => JSON.stringify(prepareTextForEmbedding(JSON.parse(line))));
process.stdout.write(out.join('\n') + '\n');
