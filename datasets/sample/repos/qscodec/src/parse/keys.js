// Splits a decoded key such as "user[address][city]" into its path segments.

const GROUP_RE = /\[([^[\]]*)\]/y;

/**
 * Returns the path segments of `key`, following at most `depth` bracket
 * groups. Whatever follows the last group that was followed (extra groups
 * beyond the depth, or stray text) is kept verbatim as one final segment.
 *
 *   splitKey('a[b][c]', 5)        -> ['a', 'b', 'c']
 *   splitKey('list[]', 5)         -> ['list', '']
 *   splitKey('a[b][c][d]', 2)     -> ['a', 'b', 'c', '[d]']
 *   splitKey('a[b', 5)            -> ['a[b']
 */
export function splitKey(key, depth) {
  const open = key.indexOf('[');
  if (open === -1 || depth === 0) return [key];

  const segments = open > 0 ? [key.slice(0, open)] : [];
  let pos = open;
  let groups = 0;
  while (groups < depth && pos < key.length) {
    GROUP_RE.lastIndex = pos;
    const match = GROUP_RE.exec(key);
    if (!match) break;
    segments.push(match[1]);
    pos = GROUP_RE.lastIndex;
    groups += 1;
  }

  // A bracket that never closes properly means the key is just a name.
  if (groups === 0) return [key];
  if (pos < key.length) segments.push(key.slice(pos));
  return segments;
}
