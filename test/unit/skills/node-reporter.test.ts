// Our node:test JUnit reporter, run by the host's node on CommonJS and ES-module test files:
// ids are repo-relative "FILE::describe > test" (ESM reports file: URLs), file-level load
// errors become one broken result.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyFailure } from '../../../skills/shared/failure.js';
import { parseJunit } from '../../../skills/shared/junit.js';
import { NODE_REPORTER_SOURCE } from '../../../skills/shared/node-reporter.js';

const pexec = promisify(execFile);
let dir: string;

async function runFile(rel: string) {
  const xml = path.join(dir, 'out.xml');
  await fs.rm(xml, { force: true });
  await pexec(
    process.execPath,
    ['--test', `--test-reporter=${path.join(dir, 'reporter.mjs')}`, `--test-reporter-destination=${xml}`, rel],
    { cwd: dir },
  ).catch(() => undefined);
  return parseJunit(await fs.readFile(xml, 'utf8'), 'node-test', { defaultFile: rel }).tests;
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'as-reporter-'));
  await fs.writeFile(path.join(dir, 'reporter.mjs'), NODE_REPORTER_SOURCE);
  await fs.mkdir(path.join(dir, 'test'));
  const body = `describe('outer', () => { it('ok', () => {}); it('bad', () => assert.strictEqual(1, 2)); });`;
  await fs.writeFile(
    path.join(dir, 'test/cjs.test.js'),
    `const { describe, it } = require('node:test');\nconst assert = require('node:assert');\n${body}\n`,
  );
  await fs.writeFile(
    path.join(dir, 'test/esm.test.mjs'),
    `import { describe, it } from 'node:test';\nimport assert from 'node:assert';\n${body}\n`,
  );
  await fs.writeFile(path.join(dir, 'test/broken.test.mjs'), `import x from './missing.js';\n`);
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('node reporter', () => {
  it.each(['test/cjs.test.js', 'test/esm.test.mjs'])('%s: ids and error types', async (file) => {
    const tests = await runFile(file);
    expect(tests.map((t) => [t.id, t.status, t.type])).toEqual([
      [`${file}::outer > ok`, 'passed', undefined],
      [`${file}::outer > bad`, 'failed', 'AssertionError'],
    ]);
  });

  it('an ES module that cannot load is one broken file-level error', async () => {
    const [t, ...rest] = await runFile('test/broken.test.mjs');
    expect(rest).toEqual([]);
    expect(t).toMatchObject({ id: 'test/broken.test.mjs', status: 'error' });
    expect(classifyFailure(t)).toBe('broken');
  });
});
