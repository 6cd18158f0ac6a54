// Our node:test reporter and per-file wrappers, run by the host's node on CommonJS and ES-module
// test files: ids are repo-relative "FILE::describe > test", failures carry their type and the
// file of the innermost frame, a file that cannot load is one broken file-level error, and the
// sentinels in each wrapper see a patched node:assert exactly as the file's own tests do.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyFailure } from '../../../skills/shared/failure.js';
import { parseReport } from '../../../skills/shared/report.js';
import { judgeSentinels, nodeWrapper } from '../../../skills/shared/sentinels.js';

const pexec = promisify(execFile);
const REPORTER = path.resolve(__dirname, '../../../skills/shared/in-sandbox/node_reporter.mjs');
let dir: string;

/** Runs one test file through its wrapper, as a scored run does; returns the parsed report and
 * the sentinels' verdict. */
async function runFile(rel: string) {
  const out = path.join(dir, 'out.jsonl');
  await fs.rm(out, { force: true });
  const w = nodeWrapper(rel, path.join(dir, '.run', 'w0.mjs'), dir);
  await fs.mkdir(path.dirname(w.path), { recursive: true });
  await fs.writeFile(w.path, w.source);
  await pexec(process.execPath, ['--test', `--test-reporter=${REPORTER}`, `--test-reporter-destination=${out}`, w.path], {
    cwd: dir,
  }).catch(() => undefined);
  const wrapperAsReported = path.relative(dir, w.path);
  const report = parseReport(await fs.readFile(out, 'utf8'), 'node-test', {
    sentinelFiles: new Map([[wrapperAsReported, rel]]),
    sentinelNames: new Set([...w.mustFail, ...w.mustPass]),
  });
  return { report, sentinel: judgeSentinels(w, (n) => report.sentinels.get(n), report.sentinelFilesNotRun.has(wrapperAsReported)) };
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'as-reporter-'));
  await fs.mkdir(path.join(dir, 'test'));
  await fs.mkdir(path.join(dir, 'lib'));
  await fs.writeFile(path.join(dir, 'lib/calc.js'), 'exports.half = (x) => { if (x < 0) missingName(); return x / 2; };\n');
  const body = `describe('outer', () => { it('ok', () => {}); it('bad', () => assert.strictEqual(1, 2)); it('lib', () => calc.half(-1)); });`;
  await fs.writeFile(
    path.join(dir, 'test/cjs.test.js'),
    `const { describe, it } = require('node:test');\nconst assert = require('node:assert');\nconst calc = require('../lib/calc.js');\n${body}\n`,
  );
  await fs.writeFile(
    path.join(dir, 'test/esm.test.mjs'),
    `import { describe, it } from 'node:test';\nimport assert from 'node:assert';\nimport calc from '../lib/calc.js';\n${body}\n`,
  );
  await fs.writeFile(path.join(dir, 'test/broken.test.mjs'), `import x from './missing.js';\n`);
  await fs.writeFile(
    path.join(dir, 'test/cheat.test.js'),
    `const { it } = require('node:test');\nconst a = require('node:assert');\nfor (const k of ['strictEqual', 'deepStrictEqual', 'ok', 'throws']) a[k] = () => {};\nit('claims', () => a.strictEqual(1, 2));\n`,
  );
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('node reporter', () => {
  it.each(['test/cjs.test.js', 'test/esm.test.mjs'])('%s: ids, error types, crash files; sentinels ok', async (file) => {
    const { report, sentinel } = await runFile(file);
    expect(report.tests.map((t) => [t.id, t.status, t.type])).toEqual([
      [`${file}::outer > ok`, 'passed', undefined],
      [`${file}::outer > bad`, 'failed', 'AssertionError'],
      [`${file}::outer > lib`, 'failed', 'ReferenceError'],
    ]);
    const lib = report.tests.find((t) => t.id.endsWith('lib'))!;
    expect(lib.crash).toBe('lib/calc.js');
    expect(classifyFailure(lib)).toBe('other'); // the code under test has the missing name, not the test
    expect(report.complete).toBe(true);
    expect(sentinel).toBe('ok');
  });

  it('an ES module that cannot load is one broken file-level error; its sentinels did not run', async () => {
    const { report, sentinel } = await runFile('test/broken.test.mjs');
    expect(report.tests).toHaveLength(1);
    expect(report.tests[0]).toMatchObject({ id: 'test/broken.test.mjs', status: 'error', phase: 'collect' });
    expect(classifyFailure(report.tests[0])).toBe('broken');
    expect(sentinel).toBe('not_run');
  });

  it('a test file that disables node:assert forces the sentinels to pass too', async () => {
    const { report, sentinel } = await runFile('test/cheat.test.js');
    expect(report.tests.map((t) => t.status)).toEqual(['passed']);
    expect(sentinel).toBe('forced_pass');
  });
});
