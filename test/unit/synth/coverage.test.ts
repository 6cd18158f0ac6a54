// Coverage maps: coverage.py contexts → pytest ids, V8 ranges → executed lines → test files.
import { describe, expect, it } from 'vitest';
import { executedLines, idsForContext, nodeCoverage, pythonCoverage } from '../../../harness/sources/synth/coverage.js';

const IDS = [
  'tests/test_iso.py::test_parse',
  'tests/test_iso.py::TestFormat::test_round_trip[a]',
  'tests/test_iso.py::TestFormat::test_round_trip[b]',
  'tests/unit/test_iso.py::test_parse',
  'tests/test_tz.py::test_parse',
];

describe('idsForContext', () => {
  const byQual = new Map<string, string[]>();
  for (const id of IDS) {
    const qual = id
      .split('::')
      .slice(1)
      .map((p) => p.replace(/\[.*$/, ''))
      .join('.');
    byQual.set(qual, [...(byQual.get(qual) ?? []), id]);
  }

  it('matches the module as Python named it and every parameter of a test function', () => {
    expect(idsForContext('test_iso.TestFormat.test_round_trip', byQual)).toEqual([
      'tests/test_iso.py::TestFormat::test_round_trip[a]',
      'tests/test_iso.py::TestFormat::test_round_trip[b]',
    ]);
    expect(idsForContext('test_tz.test_parse', byQual)).toEqual(['tests/test_tz.py::test_parse']);
  });

  it('tells same-named tests apart by the package path, when Python gives one', () => {
    expect(idsForContext('tests.unit.test_iso.test_parse', byQual)).toEqual(['tests/unit/test_iso.py::test_parse']);
    expect(idsForContext('unknown.test_nothing', byQual)).toEqual([]);
  });
});

describe('pythonCoverage', () => {
  it('maps source lines to the reliable tests whose contexts ran them, ignoring other files and the empty context', () => {
    const json = JSON.stringify({
      files: {
        'src/pkg/iso.py': {
          contexts: { '3': [''], '7': ['test_iso.test_parse', 'test_tz.test_parse'], '9': ['test_iso.TestFormat.test_round_trip'] },
        },
        'tests/test_iso.py': { contexts: { '1': ['test_iso.test_parse'] } },
      },
    });
    const map = pythonCoverage(json, new Set(['src/pkg/iso.py']), IDS);
    expect([...map.keys()]).toEqual(['src/pkg/iso.py']);
    const lines = map.get('src/pkg/iso.py')!;
    expect(lines.has(3)).toBe(false);
    expect([...lines.get(7)!].sort()).toEqual([
      'tests/test_iso.py::test_parse',
      'tests/test_tz.py::test_parse',
      'tests/unit/test_iso.py::test_parse',
    ]);
    expect(lines.get(9)!.size).toBe(2);
  });
});

describe('executedLines / nodeCoverage', () => {
  const source = ['function f(x) {', '  if (x) {', '    return 1;', '  }', '  return 2;', '}', 'f(0);', ''].join('\n');
  const at = (text: string) => source.indexOf(text);
  // the script ran; f ran once; its `if` block did not
  const ranges: [number, number, number][] = [
    [0, source.length, 1],
    [0, at('f(0)') - 1, 1],
    [at('{\n    return 1'), at('  return 2'), 0],
  ];

  it('counts a line as run when the innermost range holding its first character ran', () => {
    expect(executedLines(source, ranges)).toEqual([1, 2, 5, 6, 7]);
  });

  it('keys each line by the test files that ran it', () => {
    const map = nodeCoverage(
      { 'test/b.test.js': { 'src/f.js': ranges }, 'test/a.test.js': { 'src/f.js': [[0, source.length, 1]], 'src/other.js': [[0, 3, 1]] } },
      new Map([['src/f.js', source]]),
    );
    expect([...map.keys()]).toEqual(['src/f.js']);
    expect([...map.get('src/f.js')!.get(3)!]).toEqual(['test/a.test.js']);
    expect([...map.get('src/f.js')!.get(5)!]).toEqual(['test/a.test.js', 'test/b.test.js']);
  });
});
