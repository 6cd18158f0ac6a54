// Reproduces: a key repeated three or more times yields nested arrays.
import assert from 'node:assert/strict';
import { parse } from './src/index.js';

assert.deepEqual(parse('id=1&id=2&id=3'), { id: ['1', '2', '3'] });
assert.deepEqual(parse('f[color]=red&f[color]=blue&f[color]=green&f[color]=black'), {
  f: { color: ['red', 'blue', 'green', 'black'] },
});
console.log('ok: repeated keys are collected into one flat array');
