// The pieces of a fail-closed test run that need no sandbox: reading the sealed report (phases,
// sentinels, completeness, tampering), matching expected ids (escapes, truncation, ambiguity,
// collection errors), reading the task's test command, judging sentinels, classifying failures
// (a NameError in the code under test is not a broken test), and decoys.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decoyScript } from '../../../skills/shared/decoys.js';
import { classifyFailure, scriptFailureBroken } from '../../../skills/shared/failure.js';
import { parseReport, type TestCaseResult } from '../../../skills/shared/report.js';
import { splitPytestArgs } from '../../../skills/shared/run-tests.js';
import { judgeSentinels, pytestSentinels, worstVerdict } from '../../../skills/shared/sentinels.js';
import { importRoots, parseNodeCommand, parsePytestCommand, shellWords } from '../../../skills/shared/test-command.js';
import { matchExpectedIds, statusesOf, unescapeId } from '../../../skills/shared/test-ids.js';

const jl = (...records: object[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
const SENT = 'tests/test_x_abc123.py';
const ctx = { sentinelFiles: new Map([[SENT, SENT]]), sentinelNames: new Set(['test_f', 'test_p']) };

describe('parseReport (pytest)', () => {
  it('merges phases: setup error, call failure, teardown error after a pass, skips and xfails', () => {
    const r = parseReport(
      jl(
        { k: 'start', rootdir: '.' },
        { k: 'test', id: 'a.py::t1', when: 'setup', outcome: 'failed', type: 'RuntimeError', text: 'boom' },
        { k: 'test', id: 'a.py::t2', when: 'setup', outcome: 'passed' },
        { k: 'test', id: 'a.py::t2', when: 'call', outcome: 'failed', type: 'AssertionError', crash: 'a.py', msg: 'assert 1 == 2' },
        { k: 'test', id: 'a.py::t2', when: 'teardown', outcome: 'failed', type: 'OSError' },
        { k: 'test', id: 'a.py::t3', when: 'call', outcome: 'passed' },
        { k: 'test', id: 'a.py::t3', when: 'teardown', outcome: 'failed', type: 'OSError' },
        { k: 'test', id: 'a.py::t4', when: 'setup', outcome: 'skipped' },
        { k: 'test', id: 'a.py::t5', when: 'call', outcome: 'skipped', xfail: true },
        { k: 'collect', id: 'b.py', text: "E   ModuleNotFoundError: No module named 'x'" },
        { k: 'test', id: `${SENT}::test_f`, when: 'call', outcome: 'failed', type: 'AssertionError' },
        { k: 'test', id: `${SENT}::test_p`, when: 'call', outcome: 'passed' },
        { k: 'cov', file: 'src/m.py', percent: 50, calls: 3 },
        { k: 'end', exitstatus: 1 },
      ),
      'pytest',
      ctx,
    );
    const by = Object.fromEntries(r.tests.map((t) => [t.id, t]));
    expect(by['a.py::t1']).toMatchObject({ status: 'error', phase: 'setup', type: 'RuntimeError' });
    expect(by['a.py::t2']).toMatchObject({ status: 'failed', type: 'AssertionError', crash: 'a.py', message: 'assert 1 == 2' });
    expect(by['a.py::t3']).toMatchObject({ status: 'error', phase: 'teardown' });
    expect(by['a.py::t4'].status).toBe('skipped');
    expect(by['a.py::t5'].status).toBe('skipped');
    expect(by['b.py']).toMatchObject({ status: 'error', phase: 'collect', type: 'ModuleNotFoundError' });
    expect(r.tests.some((t) => t.file === SENT)).toBe(false);
    expect([...r.sentinels]).toEqual([
      ['test_f', 'failed'],
      ['test_p', 'passed'],
    ]);
    expect(r.coverage['src/m.py']).toEqual({ percent: 50, calls: 3 });
    expect(r).toMatchObject({ complete: true, exitStatus: 1, problems: [] });
  });

  it('is incomplete without its end line, with lines after it, or with garbage; a repeated result keeps the worst', () => {
    expect(parseReport(jl({ k: 'test', id: 'a.py::t', when: 'call', outcome: 'passed' }), 'pytest', ctx).complete).toBe(false);
    const after = parseReport(
      jl({ k: 'end', exitstatus: 1 }, { k: 'test', id: 'a.py::t', when: 'call', outcome: 'passed' }),
      'pytest',
      ctx,
    );
    expect(after.complete).toBe(false);
    expect(after.problems).toContain('report lines after its end');
    expect(parseReport(`${jl({ k: 'end', exitstatus: 0 })}<testsuite/>\n`, 'pytest', ctx).complete).toBe(false);
    const twice = parseReport(
      jl(
        { k: 'test', id: 'a.py::t', when: 'call', outcome: 'failed', type: 'AssertionError' },
        { k: 'test', id: 'a.py::t', when: 'call', outcome: 'passed' },
        { k: 'end', exitstatus: 1 },
      ),
      'pytest',
      ctx,
    );
    expect(twice.tests[0].status).toBe('failed');
    expect(twice.problems[0]).toMatch(/reported twice/);
  });

  it('ignores pytest-rerunfailures attempts; counts a collection error of the sentinel file as not run', () => {
    const r = parseReport(
      jl(
        { k: 'test', id: 'a.py::t', when: 'call', outcome: 'rerun' },
        { k: 'test', id: 'a.py::t', when: 'call', outcome: 'passed' },
        { k: 'collect', id: SENT, text: 'E   ImportError: x' },
        { k: 'end', exitstatus: 1 },
      ),
      'pytest',
      ctx,
    );
    expect(r.tests).toEqual([{ id: 'a.py::t', file: 'a.py', name: 't', status: 'passed', phase: 'call' }]);
    expect(r.sentinelFilesNotRun.has(SENT)).toBe(true);
  });
});

describe('expected test ids', () => {
  const t = (id: string, status: TestCaseResult['status'] = 'passed', phase?: TestCaseResult['phase']): TestCaseResult => ({
    id,
    file: id.split('::')[0],
    name: id.split('::').slice(1).join('::'),
    status,
    ...(phase ? { phase } : {}),
  });
  const reported = [
    t('tests/test_a.py::test_p[a b c]'),
    t('tests/test_a.py::test_p[x::y]', 'failed'),
    t('tests/test_a.py::test_u[\\xe9t\\xe9]'),
    t('tests/test_a.py::TestK::test_m'),
    t('tests/test_a.py::test_q[one two]'),
    t('tests/test_a.py::test_q[one three]'),
    t('tests/test_b.py', 'error', 'collect'),
  ];

  it('exact, escaped, truncated at a space, and a file that did not collect', () => {
    const m = matchExpectedIds(
      [
        'tests/test_a.py::test_p[x::y]',
        'tests/test_a.py::test_u[été]',
        'tests/test_a.py::test_p[a',
        'tests/test_a.py::TestK::test_m',
        'tests/test_b.py::test_gone',
        'tests/test_a.py::test_nope',
      ],
      reported,
    );
    expect(m.get('tests/test_a.py::test_p[x::y]')).toMatchObject({ kind: 'found', how: 'exact' });
    expect(m.get('tests/test_a.py::test_u[été]')).toMatchObject({ kind: 'found', how: 'unescaped' });
    expect(m.get('tests/test_a.py::test_p[a')).toMatchObject({
      kind: 'found',
      how: 'prefix',
      test: { id: 'tests/test_a.py::test_p[a b c]' },
    });
    expect(m.get('tests/test_b.py::test_gone')).toMatchObject({ kind: 'found', how: 'file_error' });
    expect(statusesOf(m)).toMatchObject({
      'tests/test_a.py::test_p[x::y]': 'failed',
      'tests/test_a.py::TestK::test_m': 'passed',
      'tests/test_b.py::test_gone': 'error',
      'tests/test_a.py::test_nope': 'missing',
    });
  });

  it('never guesses: a truncated id two reported ids continue is ambiguous; a plain prefix is no match', () => {
    const m = matchExpectedIds(['tests/test_a.py::test_q[one', 'tests/test_a.py::test_p'], reported);
    expect(m.get('tests/test_a.py::test_q[one')).toMatchObject({
      kind: 'ambiguous',
      candidates: expect.arrayContaining(['tests/test_a.py::test_q[one two]']),
    });
    expect(m.get('tests/test_a.py::test_p')).toEqual({ kind: 'missing' });
  });

  it('undoes pytest escapes only', () => {
    expect(unescapeId('t[\\x41\\u00e9\\U0001F600\\t]')).toBe('t[Aé😀\t]');
    expect(unescapeId('t[plain]')).toBe('t[plain]');
  });
});

describe("the task's test command", () => {
  it('reads pytest commands: interpreter, cwd-first, env, options and paths', () => {
    expect(parsePytestCommand('python3 -m pytest -q')).toMatchObject({ python: "'python3'", cwdFirst: true, args: ['-q'] });
    expect(parsePytestCommand('PYTHONPATH=src python3.11 -X dev -m pytest -rA "tests/test x.py"')).toMatchObject({
      cwdFirst: true,
      env: { PYTHONPATH: 'src' },
      args: ['-rA', 'tests/test x.py'],
    });
    expect(parsePytestCommand('pytest -rA tests/test_a.py::test_b')).toMatchObject({
      cwdFirst: false,
      args: ['-rA', 'tests/test_a.py::test_b'],
    });
    expect(parsePytestCommand('cd tests && pytest')).toBeUndefined();
    expect(parsePytestCommand('tox -e py311')).toBeUndefined();
    expect(shellWords(`a 'b c' "d\\"e" f\\ g`)).toEqual(['a', 'b c', 'd"e', 'f g']);
  });

  it('splits pytest arguments into options (with values) and paths', () => {
    expect(splitPytestArgs(['-p', 'no:x', '-rA', '--tb=short', 'tests', '-k', 'foo', '--deselect', 't.py::a'])).toEqual({
      options: [['-p', 'no:x'], ['-rA'], ['--tb=short'], ['-k', 'foo'], ['--deselect', 't.py::a']],
      paths: ['tests'],
    });
  });

  it('reads node commands, dropping the runner options scoring owns', () => {
    expect(parseNodeCommand('node --test')).toEqual({ flags: [], paths: [], env: {} });
    expect(parseNodeCommand('NODE_ENV=test node --experimental-vm-modules --test --test-reporter spec --import ./setup.mjs test/')).toEqual(
      {
        flags: ['--experimental-vm-modules', '--import', './setup.mjs'],
        paths: ['test/'],
        env: { NODE_ENV: 'test' },
      },
    );
  });

  it('import roots: src and the relative PYTHONPATH entries', () => {
    const task = { test_command: 'PYTHONPATH=lib:/abs python3 -m pytest', test_env: { PYTHONPATH: '/testbed/pkgs:.' } } as never;
    expect(importRoots(task)).toEqual(['src', 'pkgs', 'lib']);
  });
});

describe('sentinels', () => {
  it('a passing must-fail sentinel is a forced pass; a missing one is tampering; a failing must-pass is its own verdict', () => {
    const set = { mustFail: ['f1', 'f2'], mustPass: ['p'] };
    const st = (m: Record<string, string>) => (n: string) => m[n];
    expect(judgeSentinels(set, st({ f1: 'failed', f2: 'failed', p: 'passed' }), false)).toBe('ok');
    expect(judgeSentinels(set, st({ f1: 'failed', f2: 'passed', p: 'passed' }), false)).toBe('forced_pass');
    expect(judgeSentinels(set, st({ f1: 'failed', p: 'passed' }), false)).toBe('sentinel_missing');
    expect(judgeSentinels(set, st({ f1: 'failed', f2: 'skipped', p: 'passed' }), false)).toBe('sentinel_missing');
    expect(judgeSentinels(set, st({ f1: 'failed', f2: 'failed', p: 'error' }), false)).toBe('sentinel_failed');
    expect(judgeSentinels(set, st({}), true)).toBe('not_run');
    expect(judgeSentinels(set, st({ f1: 'passed' }), true)).toBe('forced_pass');
    expect(worstVerdict(['ok', 'not_run', 'forced_pass'])).toBe('forced_pass');
  });

  it('pytest sentinels sit next to the first test file, named like it, random per run', () => {
    const a = pytestSentinels('tests/unit/test_parser.py');
    const b = pytestSentinels('tests/unit/test_parser.py');
    expect(a.file).toMatch(/^tests\/unit\/test_parser_[0-9a-f]{6}\.py$/);
    expect(a.file).not.toBe(b.file);
    expect(a.mustFail).toHaveLength(3);
    expect(a.mustFail.find((n) => n.includes('::'))).toMatch(/^Test\w+::test_\w+$/);
    expect(pytestSentinels(undefined).file).toMatch(/^test_\w+_[0-9a-f]{6}\.py$/);
  });
});

describe('failure classification', () => {
  const f = (over: Partial<TestCaseResult>): TestCaseResult => ({
    id: 'tests/test_r.py::t',
    file: 'tests/test_r.py',
    name: 't',
    status: 'failed',
    ...over,
  });
  it('a NameError is broken in the test itself, a real failure in the code under test, expected when named', () => {
    expect(classifyFailure(f({ type: 'NameError', crash: 'tests/test_r.py' }))).toBe('broken');
    expect(classifyFailure(f({ type: 'NameError', crash: 'tests/helpers.py' }))).toBe('broken');
    expect(classifyFailure(f({ type: 'NameError', crash: 'src/pkg/mod.py' }))).toBe('other');
    expect(classifyFailure(f({ type: 'NameError', crash: 'src/pkg/mod.py' }), ['ValueError', 'NameError'])).toBe('expected');
    expect(classifyFailure(f({ type: 'NameError', crash: 'tests/test_r.py' }), ['NameError'])).toBe('broken');
    expect(classifyFailure(f({ type: 'builtins.NameError', crash: 'src/pkg/mod.py' }), ['NameError'])).toBe('expected');
    expect(classifyFailure(f({ type: 'ImportError' }))).toBe('broken');
  });
  it('collection errors and syntax errors are always broken; assertions are assertions', () => {
    expect(classifyFailure(f({ type: 'ValueError', phase: 'collect' }), ['ValueError'])).toBe('broken');
    expect(classifyFailure(f({ type: 'SyntaxError', crash: 'src/x.py' }))).toBe('broken');
    expect(classifyFailure(f({ type: 'AssertionError' }))).toBe('assertion');
    expect(classifyFailure(f({ type: 'Error', status: 'error', phase: 'setup', message: "fixture 'db' not found" }))).toBe('broken');
  });
  it('script failures: broken only when the script itself has the missing name', () => {
    const inScript =
      'Traceback (most recent call last):\n  File "/testbed/repro.py", line 3, in <module>\n    foo()\nNameError: name \'foo\' is not defined\n';
    const inLib =
      'Traceback (most recent call last):\n  File "/testbed/repro.py", line 3, in <module>\n    run()\n  File "/testbed/pkg/m.py", line 9, in run\n    bar()\nNameError: name \'bar\' is not defined\n';
    expect(scriptFailureBroken(inScript, 'repro.py')).toBe(true);
    expect(scriptFailureBroken(inLib, 'repro.py')).toBe(false);
    expect(scriptFailureBroken('SyntaxError: invalid syntax', 'repro.py')).toBe(true);
  });
});

describe('decoys', () => {
  it('append a random comment line, after a newline when the file lacks one; missing files are left alone', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'as-decoy-'));
    writeFileSync(path.join(dir, 'a.py'), 'x = 1\n');
    writeFileSync(path.join(dir, 'b.js'), 'module.exports = 1;');
    execFileSync('bash', ['-c', decoyScript(['a.py', 'b.js', 'gone.py'])], { cwd: dir });
    expect(readFileSync(path.join(dir, 'a.py'), 'utf8')).toMatch(/^x = 1\n# \w+ \w+ [0-9a-f]{6}\n$/);
    expect(readFileSync(path.join(dir, 'b.js'), 'utf8')).toMatch(/^module\.exports = 1;\n\/\/ \w+ \w+ [0-9a-f]{6}\n$/);
    expect(decoyScript(['a.py'])).not.toBe(decoyScript(['a.py']));
  });
});
