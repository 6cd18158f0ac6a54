// The synthesiser's JUnit parsing (harness/sources/synth/junit.ts): real reports produced in the
// sandbox image by pytest (xunit1), by its node:test reporter, and by node's built-in junit
// reporter; failures classified as scorers classify them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJunit, type TestCaseResult } from '../../../harness/sources/synth/junit.js';
import { classifyFailure } from '../../../skills/shared/failure.js';

const fixture = (name: string) => readFileSync(path.resolve(__dirname, '../../fixtures/junit', name), 'utf8');
const byId = (tests: TestCaseResult[]) => Object.fromEntries(tests.map((t) => [t.id, t]));

describe('pytest xunit1 report', () => {
  const tests = byId(parseJunit(fixture('pytest-xunit1.xml'), 'pytest').tests);

  it('builds pytest node ids, with classes and parameters', () => {
    expect(Object.keys(tests).sort()).toEqual([
      'tests/test_a.py::TestK::test_p[1]',
      'tests/test_a.py::TestK::test_p[2]',
      'tests/test_a.py::TestK::test_skip',
      'tests/test_a.py::test_assert',
      'tests/test_a.py::test_fx',
      'tests/test_a.py::test_ok',
      'tests/test_a.py::test_raises',
      'tests/test_a.py::test_val',
    ]);
  });

  it('reads statuses and exception types', () => {
    expect(tests['tests/test_a.py::test_ok'].status).toBe('passed');
    expect(tests['tests/test_a.py::TestK::test_skip'].status).toBe('skipped');
    expect(tests['tests/test_a.py::test_assert']).toMatchObject({ status: 'failed', type: 'AssertionError' });
    expect(tests['tests/test_a.py::test_val']).toMatchObject({ status: 'failed', type: 'ValueError', message: 'ValueError: bad <x>' });
    expect(tests['tests/test_a.py::test_raises']).toMatchObject({ status: 'failed', type: 'Failed' });
    expect(tests['tests/test_a.py::test_fx']).toMatchObject({ status: 'error', type: 'RuntimeError' });
  });

  it('classifies assertion failures and expected exceptions', () => {
    expect(classifyFailure(tests['tests/test_a.py::test_assert'])).toBe('assertion');
    expect(classifyFailure(tests['tests/test_a.py::test_raises'])).toBe('assertion');
    expect(classifyFailure(tests['tests/test_a.py::test_val'])).toBe('other');
    expect(classifyFailure(tests['tests/test_a.py::test_val'], ['ValueError'])).toBe('expected');
  });

  it('maps collection errors to the file and classifies them as broken', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="1" failures="0" skipped="0" tests="1">
<testcase classname="" name="tests.test_b" file="tests/test_b.py" time="0.000"><error message="collection failure">ImportError while importing test module '/testbed/tests/test_b.py'.
E   ModuleNotFoundError: No module named 'nope_mod'</error></testcase></testsuite></testsuites>`;
    const [t] = parseJunit(xml, 'pytest').tests;
    expect(t).toMatchObject({ id: 'tests/test_b.py', status: 'error', type: 'ModuleNotFoundError' });
    expect(classifyFailure(t)).toBe('broken');
  });

  it('derives the file from the classname when there is no file attribute', () => {
    const xml =
      '<testsuites><testsuite name="pytest"><testcase classname="pkg.tests.test_x.TestA" name="test_y"/></testsuite></testsuites>';
    expect(parseJunit(xml, 'pytest', { knownFiles: ['pkg/tests/test_x.py'] }).tests[0].id).toBe('pkg/tests/test_x.py::TestA::test_y');
    expect(parseJunit(xml, 'pytest').tests[0].id).toBe('pkg/tests/test_x.py::TestA::test_y');
  });
});

describe('node:test reports', () => {
  it('our reporter: ids "FILE::describe > test", real error types', () => {
    const tests = byId(parseJunit(fixture('node-reporter.xml'), 'node-test').tests);
    expect(Object.keys(tests).sort()).toEqual([
      'test/a.test.js::outer > inner > fails',
      'test/a.test.js::outer > inner > passes',
      'test/a.test.js::outer > throws',
      'test/a.test.js::parent',
      'test/a.test.js::parent > child',
      'test/a.test.js::sk',
      'test/a.test.js::top <&> "q"',
    ]);
    expect(tests['test/a.test.js::outer > inner > fails']).toMatchObject({ status: 'failed', type: 'AssertionError' });
    expect(classifyFailure(tests['test/a.test.js::outer > inner > fails'])).toBe('assertion');
    expect(tests['test/a.test.js::outer > throws']).toMatchObject({ status: 'failed', type: 'TypeError' });
    expect(tests['test/a.test.js::sk'].status).toBe('skipped');
    expect(tests['test/a.test.js::outer > inner > passes'].status).toBe('passed');
  });

  it('our reporter: a file that does not even load is a broken file-level error', () => {
    const [t] = parseJunit(fixture('node-reporter-syntax-error.xml'), 'node-test').tests;
    expect(t).toMatchObject({ id: 'test/b.test.js', status: 'error' });
    expect(t.text).toContain('SyntaxError');
    expect(classifyFailure(t)).toBe('broken');
  });

  it("node's built-in junit reporter: nested suites joined with ' > '", () => {
    const tests = byId(parseJunit(fixture('node-builtin.xml'), 'node-test', { defaultFile: 'test/a.test.js' }).tests);
    expect(tests['test/a.test.js::outer > inner > passes'].status).toBe('passed');
    expect(tests['test/a.test.js::outer > inner > fails']).toMatchObject({ status: 'failed', type: 'AssertionError' });
    expect(tests['test/a.test.js::outer > throws']).toMatchObject({ status: 'failed', type: 'TypeError' });
    expect(tests['test/a.test.js::parent > child'].status).toBe('passed');
  });

  it('reads coverage lines from our reporter', () => {
    const xml = '<testsuites><coverage file="lib/f.js" lines="87.5"/></testsuites>';
    expect(parseJunit(xml, 'node-test').coverage).toEqual({ 'lib/f.js': 87.5 });
  });
});
