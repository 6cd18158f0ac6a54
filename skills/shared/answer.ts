// Finds the JSON object in a model's final message: it may sit in ```json fences or in
// prose; every parseable top-level object is a candidate and the LAST one wins.

/** Returns the end index (inclusive) of the balanced {...} starting at `start`, or -1. */
function matchBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The last JSON object in `text` (outermost parseable objects only), or undefined. */
export function extractLastJsonObject(text: string): Record<string, unknown> | undefined {
  const found: Array<{ start: number; end: number; value: Record<string, unknown> }> = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '{') continue;
    // skip starts inside an object already found
    if (found.length && i <= found[found.length - 1].end) continue;
    const end = matchBrace(text, i);
    if (end < 0) continue;
    try {
      const value: unknown = JSON.parse(text.slice(i, end + 1));
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        found.push({ start: i, end, value: value as Record<string, unknown> });
      }
    } catch {
      // not JSON: an inner brace may still start one
    }
  }
  return found.length ? found[found.length - 1].value : undefined;
}
