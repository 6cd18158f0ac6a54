// Source of a small node:test custom reporter for the synthesiser's batch runs (written into
// the sandbox):
// JUnit XML with one flat <testcase> per test, named "describe > … > test", the failure's
// real error type (AssertionError, ERR_ASSERTION…), a file-level <error> with the file's
// stderr when the file itself crashed (syntax/import errors), and line coverage if enabled.
export const NODE_REPORTER_PATH = '/tmp/as-junit-reporter.mjs';

export const NODE_REPORTER_SOURCE = String.raw`// atomic-skills JUnit reporter for node:test (Node >= 18.19)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// ES modules report file: URLs, CommonJS plain paths
const toPath = (f) => { const s = String(f ?? ''); try { return s.startsWith('file:') ? fileURLToPath(s) : s; } catch { return s; } };
const esc = (s) => String(s ?? '').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const rel = (f) => (f ? path.relative(process.cwd(), toPath(f)).split(path.sep).join('/') : '');
function errInfo(err) {
  let e = err;
  if (e && e.code === 'ERR_TEST_FAILURE' && e.cause !== undefined) e = e.cause;
  if (e && typeof e === 'object') {
    const type = e.code === 'ERR_ASSERTION' ? 'AssertionError' : (e.name || e.constructor?.name || 'Error');
    return { type, code: e.code ?? '', message: String(e.message ?? ''), text: String(e.stack ?? e.message ?? '') };
  }
  return { type: 'Error', code: '', message: String(e), text: String(e) };
}
export default async function* junit(source) {
  const stack = [];
  const cases = [];
  const stderr = new Map();
  const coverage = [];
  for await (const ev of source) {
    const d = ev.data ?? {};
    if (ev.type === 'test:stderr' || ev.type === 'test:stdout') {
      const k = rel(d.file);
      stderr.set(k, (stderr.get(k) ?? '') + String(d.message ?? ''));
    } else if (ev.type === 'test:start') {
      stack.length = d.nesting;
      stack[d.nesting] = d.name;
    } else if (ev.type === 'test:pass' || ev.type === 'test:fail') {
      stack.length = d.nesting;
      const file = rel(d.file);
      const isFile = d.file && d.nesting === 0 && path.resolve(toPath(d.name)) === path.resolve(toPath(d.file));
      if (d.details?.type === 'suite' && ev.type === 'test:pass') continue;
      if (d.details?.error?.failureType === 'subtestsFailed') continue;
      if (isFile && ev.type === 'test:pass') continue;
      const name = isFile ? '<file>' : [...stack.slice(0, d.nesting), d.name].join(' > ');
      const c = { file, name, time: (d.details?.duration_ms ?? 0) / 1000, skip: Boolean(d.skip || d.todo) };
      if (ev.type === 'test:fail') {
        c.err = errInfo(d.details?.error);
        if (isFile) { c.fileError = true; c.err.text = stderr.get(file) ?? c.err.text; }
      }
      cases.push(c);
    } else if (ev.type === 'test:coverage') {
      for (const f of d.summary?.files ?? []) coverage.push({ path: rel(f.path), percent: f.coveredLinePercent });
    }
  }
  let out = '<?xml version="1.0" encoding="utf-8"?>\n<testsuites>\n';
  const files = [...new Set(cases.map((c) => c.file))];
  for (const f of files) {
    out += '  <testsuite name="' + esc(f) + '" file="' + esc(f) + '">\n';
    for (const c of cases.filter((x) => x.file === f)) {
      out += '    <testcase classname="' + esc(f) + '" file="' + esc(f) + '" name="' + esc(c.name) + '" time="' + c.time + '"';
      if (c.skip) out += '><skipped/></testcase>\n';
      else if (c.err) {
        const tag = c.fileError ? 'error' : 'failure';
        out += '>\n      <' + tag + ' type="' + esc(c.err.type) + '" code="' + esc(c.err.code) + '" message="' + esc(c.err.message) + '">' + esc(c.err.text) + '</' + tag + '>\n    </testcase>\n';
      } else out += '/>\n';
    }
    const se = stderr.get(f);
    if (se) out += '    <system-err>' + esc(se.slice(-20000)) + '</system-err>\n';
    out += '  </testsuite>\n';
  }
  for (const c of coverage) out += '  <coverage file="' + esc(c.path) + '" lines="' + c.percent + '"/>\n';
  out += '</testsuites>\n';
  yield out;
}
`;
