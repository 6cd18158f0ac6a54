// Finds the JSON object in a model's final message: it may sit in ```json fences or in
// prose; every parseable top-level object is a candidate and the LAST one wins.
//
// A hostile answer must not cost the host more than a bounded, linear amount of work: only
// the last MAX_ANSWER_SCAN characters are looked at (a well-formed answer ends with its
// object), and the brace matching shares a budget proportional to that length. An answer that
// exhausts the budget (e.g. 100 KB of "{") yields what was found before, or nothing.

/** Characters of the answer's end that are searched for the object. */
export const MAX_ANSWER_SCAN = 1024 * 1024;
/** Scanning work allowed per character searched (plus a fixed floor). */
const WORK_PER_CHAR = 64;
const WORK_FLOOR = 1_000_000;

interface Budget {
  left: number;
}

/** Returns the end index (inclusive) of the balanced {...} starting at `start`, -1 when it
 * never closes, or -2 when the budget ran out first. */
function matchBrace(text: string, start: number, budget: Budget): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    if (--budget.left < 0) return -2;
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */) depth++;
    else if (c === 0x7d /* } */) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The last JSON object in `text` (outermost parseable objects only), or undefined. */
export function extractLastJsonObject(answer: string): Record<string, unknown> | undefined {
  const text = answer.length > MAX_ANSWER_SCAN ? answer.slice(answer.length - MAX_ANSWER_SCAN) : answer;
  const budget: Budget = { left: WORK_FLOOR + WORK_PER_CHAR * text.length };
  let last: Record<string, unknown> | undefined;
  let lastEnd = -1;
  for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) {
    // skip starts inside an object already found
    if (i <= lastEnd) continue;
    const end = matchBrace(text, i, budget);
    if (end === -2) break;
    if (end < 0) continue;
    budget.left -= end - i;
    try {
      const value: unknown = JSON.parse(text.slice(i, end + 1));
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        last = value as Record<string, unknown>;
        lastEnd = end;
      }
    } catch {
      // not JSON: an inner brace may still start one
    }
  }
  return last;
}
