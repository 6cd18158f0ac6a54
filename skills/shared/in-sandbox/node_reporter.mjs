// atomic-skills reporter for node:test (Node >= 18.19), written into each scoring sandbox before
// every scored test run: JSON lines, one per finished test ("describe > … > test" names), to the
// sealed channel. It runs in the test runner's own process, where no code under test runs (each
// test file runs in a child). File-level failures (a file that cannot load) carry the file's
// stderr; failures carry the error's type and the file of its innermost stack frame; line and
// function coverage of each file when coverage is on; a last "end" line.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const toPath = (f) => {
  const s = String(f ?? '');
  try {
    return s.startsWith('file:') ? fileURLToPath(s) : s;
  } catch {
    return s;
  }
};
const rel = (f) => (f ? path.relative(process.cwd(), toPath(f)).split(path.sep).join('/') : '');

/** The first stack frame's file: "at fn (/a/b.js:1:2)" or "at /a/b.js:1:2" or "at file:///a/b.mjs:1:2". */
function crashFile(stack) {
  for (const line of String(stack ?? '').split('\n')) {
    const m = /^\s*at (?:.*? \()?((?:file:\/\/)?\/[^():]+):\d+:\d+\)?$/.exec(line);
    if (m) return rel(m[1]);
  }
  return undefined;
}

function errInfo(err) {
  let e = err;
  if (e && e.code === 'ERR_TEST_FAILURE' && e.cause !== undefined) e = e.cause;
  if (e && typeof e === 'object') {
    const type = e.code === 'ERR_ASSERTION' ? 'AssertionError' : e.name || e.constructor?.name || 'Error';
    const text = String(e.stack ?? e.message ?? '');
    return {
      type,
      code: String(e.code ?? ''),
      msg: String(e.message ?? '').slice(0, 2000),
      text: text.slice(-4000),
      crash: crashFile(text),
    };
  }
  return { type: 'Error', code: '', msg: String(e).slice(0, 2000), text: String(e).slice(-4000) };
}

const line = (record) => `${JSON.stringify(record)}\n`;

export default async function* report(source) {
  const stack = [];
  const stderr = new Map();
  yield line({ k: 'start', node: process.version });
  for await (const ev of source) {
    const d = ev.data ?? {};
    if (ev.type === 'test:stderr' || ev.type === 'test:stdout') {
      const k = rel(d.file);
      const prev = stderr.get(k) ?? '';
      if (prev.length < 20000) stderr.set(k, prev + String(d.message ?? ''));
    } else if (ev.type === 'test:start') {
      stack.length = d.nesting;
      stack[d.nesting] = d.name;
    } else if (ev.type === 'test:pass' || ev.type === 'test:fail') {
      stack.length = d.nesting;
      const file = rel(d.file);
      const fileLevel = Boolean(d.file) && d.nesting === 0 && path.resolve(toPath(d.name)) === path.resolve(toPath(d.file));
      if (d.details?.type === 'suite' && ev.type === 'test:pass') continue;
      if (d.details?.error?.failureType === 'subtestsFailed') continue;
      if (fileLevel && ev.type === 'test:pass') continue;
      const record = { k: 'test', file, name: fileLevel ? '' : [...stack.slice(0, d.nesting), d.name].join(' > ') };
      if (d.skip || d.todo) record.outcome = 'skipped';
      else if (ev.type === 'test:pass') record.outcome = 'passed';
      else {
        record.outcome = fileLevel ? 'error' : 'failed';
        Object.assign(record, errInfo(d.details?.error));
        if (fileLevel) record.text = (stderr.get(file) ?? record.text).slice(-4000);
      }
      yield line(record);
    } else if (ev.type === 'test:coverage') {
      for (const f of d.summary?.files ?? []) {
        yield line({ k: 'cov', file: rel(f.path), percent: f.coveredLinePercent, calls: f.coveredFunctionCount });
      }
    }
  }
  yield line({ k: 'end' });
}
