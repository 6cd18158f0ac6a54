// Tolerant answer parsing: fences, prose around the JSON, several objects (last wins), junk.
import { describe, expect, it } from 'vitest';
import { extractLastJsonObject } from '../../../skills/shared/answer.js';
import { parseLocalizationAnswer } from '../../../skills/localization/answer.js';

describe('extractLastJsonObject', () => {
  it('reads a bare object', () => expect(extractLastJsonObject('{"a": 1}')).toEqual({ a: 1 }));
  it('reads an object in ```json fences', () => {
    expect(extractLastJsonObject('Here:\n```json\n{"files": ["a.py"]}\n```\nThanks')).toEqual({ files: ['a.py'] });
  });
  it('lets the last object win', () => {
    expect(extractLastJsonObject('First {"v": 1} then, corrected: {"v": 2}.')).toEqual({ v: 2 });
  });
  it('keeps nested objects whole and ignores braces inside strings', () => {
    expect(extractLastJsonObject('x {"a": {"b": "}{"}, "c": [1]} y')).toEqual({ a: { b: '}{' }, c: [1] });
  });
  it('skips prose braces that are not JSON', () => {
    expect(extractLastJsonObject('use {files} like {"files": ["x"]} and {not json}')).toEqual({ files: ['x'] });
  });
  it('returns undefined when nothing parses', () => {
    expect(extractLastJsonObject('no json here')).toBeUndefined();
    expect(extractLastJsonObject('{"broken": ')).toBeUndefined();
    expect(extractLastJsonObject('[1, 2]')).toBeUndefined();
  });
});

describe('parseLocalizationAnswer', () => {
  it('accepts files and optional functions', () => {
    expect(parseLocalizationAnswer('{"files": ["a.py", 3], "functions": ["a.py::f"]}')).toEqual({
      ok: true,
      files: ['a.py'],
      functions: ['a.py::f'],
    });
  });
  it('reports malformed answers', () => {
    const r = parseLocalizationAnswer('{"file": ["a.py"]}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe('malformed_answer');
  });
});
