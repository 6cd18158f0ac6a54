// Tolerant answer parsing: fences, prose around the JSON, several objects (last wins), junk.
import { describe, expect, it } from 'vitest';
import { extractLastJsonObject, MAX_ANSWER_SCAN } from '../../../skills/shared/answer.js';
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

/** The plain quadratic search (every "{" scanned to its match), the meaning the bounded one keeps. */
function reference(text: string): Record<string, unknown> | undefined {
  let last: Record<string, unknown> | undefined;
  let lastEnd = -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '{' || i <= lastEnd) continue;
    let depth = 0;
    let inString = false;
    let end = -1;
    for (let j = i; j < text.length && end < 0; j++) {
      const c = text[j];
      if (inString) {
        if (c === '\\') j++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) end = j;
    }
    if (end < 0) continue;
    try {
      const v: unknown = JSON.parse(text.slice(i, end + 1));
      if (v && typeof v === 'object' && !Array.isArray(v)) [last, lastEnd] = [v as Record<string, unknown>, end];
    } catch {
      /* not JSON */
    }
  }
  return last;
}

describe('extractLastJsonObject on hostile answers', () => {
  it('finds what the plain search finds on random short texts', () => {
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const pieces = ['{', '}', '"', '\\', ' ', 'a', ':', ',', '1', '{"k": 1}', '"x"', '[', ']', '{"f": ["a.py"]}'];
    for (let t = 0; t < 3000; t++) {
      const text = Array.from({ length: 1 + rand(40) }, () => pieces[rand(pieces.length)]).join('');
      expect(extractLastJsonObject(text), text).toEqual(reference(text));
    }
  });

  // Each of these took the plain search minutes to hours; a linear search takes milliseconds,
  // so a regression shows up as this file's timeout, not as a timing assertion.
  it('gives up on a megabyte of opening braces instead of scanning it once per brace', () => {
    expect(extractLastJsonObject('{'.repeat(1024 * 1024))).toBeUndefined();
    expect(extractLastJsonObject('{"'.repeat(512 * 1024))).toBeUndefined();
    // Unclosed at the outside, a valid 199,999-deep object inside: found once, not re-parsed per level.
    const deep = extractLastJsonObject('{"a":'.repeat(200_000) + '1' + '}'.repeat(199_999));
    expect(deep !== undefined && Object.keys(deep).join()).toBe('a');
  });

  it('still reads the object at the end of a huge answer', () => {
    const padding = 'x'.repeat(3 * MAX_ANSWER_SCAN);
    expect(extractLastJsonObject(`${padding}\n{"files": ["a.py"]}`)).toEqual({ files: ['a.py'] });
    expect(extractLastJsonObject(`${'{ '.repeat(1000)} then {"files": ["b.py"]}`)).toEqual({ files: ['b.py'] });
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
