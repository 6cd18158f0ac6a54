// Rewrites the shorthand range syntaxes into plain comparators:
//   ^1.2.3        -> >=1.2.3 <2.0.0-0
//   ~1.2          -> >=1.2.0 <1.3.0-0
//   1.x, >=1.2    -> x-ranges with missing or wildcard parts
//   1.2 - 2.3.4   -> hyphen ranges
// Every function returns an array of comparator strings.

const PART = '(x|X|\\*|0|[1-9]\\d*)';
const PRERELEASE = '[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*';
const BUILD = '[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*';

// A version where trailing parts may be missing or wildcards: "1", "1.x", "1.2.*".
const PARTIAL_RE = new RegExp(
  `^[v=]?${PART}(?:\\.${PART}(?:\\.${PART}(?:-(${PRERELEASE}))?(?:\\+${BUILD})?)?)?$`,
);

const isX = (part) => part === undefined || part === 'x' || part === 'X' || part === '*';

/**
 * Splits a partial version into numbers, using null for missing/wildcard
 * parts. Returns null when the text is not a partial version at all.
 */
export function parsePartial(text) {
  const match = PARTIAL_RE.exec(text);
  if (!match) return null;
  const [, maj, min, pat, pre] = match;
  const major = isX(maj) ? null : Number(maj);
  const minor = major === null || isX(min) ? null : Number(min);
  const patch = minor === null || isX(pat) ? null : Number(pat);
  return { major, minor, patch, prerelease: patch === null ? '' : pre || '' };
}

function mustParse(text) {
  const partial = parsePartial(text);
  if (!partial) throw new TypeError(`Invalid version in range: ${text}`);
  return partial;
}

const pre = (p) => (p.prerelease ? `-${p.prerelease}` : '');
const lower = (p) => `>=${p.major ?? 0}.${p.minor ?? 0}.${p.patch ?? 0}${pre(p)}`;

/** ~1.2.3 := >=1.2.3 <1.3.0-0, ~1.2 := >=1.2.0 <1.3.0-0, ~1 := >=1.0.0 <2.0.0-0 */
export function desugarTilde(text) {
  const p = mustParse(text);
  if (p.major === null) return ['*'];
  if (p.minor === null) return [lower(p), `<${p.major + 1}.0.0-0`];
  return [lower(p), `<${p.major}.${p.minor + 1}.0-0`];
}

/** ^1.2.3 := >=1.2.3 <2.0.0-0; the first non-zero part is the one that may not change. */
export function desugarCaret(text) {
  const p = mustParse(text);
  if (p.major === null) return ['*'];
  if (p.minor === null) return [lower(p), `<${p.major + 1}.0.0-0`];
  if (p.patch === null) {
    if (p.major === 0) return [lower(p), `<0.${p.minor + 1}.0-0`];
    return [lower(p), `<${p.major + 1}.0.0-0`];
  }
  if (p.major === 0) {
    if (p.minor === 0) return [lower(p), `<0.0.${p.patch + 1}-0`];
    return [lower(p), `<0.${p.minor + 1}.0-0`];
  }
  return [lower(p), `<${p.major + 1}.0.0-0`];
}

/** Handles a bare or operator-prefixed partial version such as "1.x" or ">1.2". */
export function desugarXRange(operator, text) {
  const p = mustParse(text);
  const op = operator === '=' ? '' : operator;

  if (p.major === null) {
    // "*", ">=*", "<=*" match everything; "<*" and ">*" match nothing.
    return op === '<' || op === '>' ? ['<0.0.0-0'] : ['*'];
  }
  if (p.patch !== null) return [`${op}${p.major}.${p.minor}.${p.patch}${pre(p)}`];

  // From here on at least the patch is a wildcard.
  const nextUp =
    p.minor === null ? `${p.major + 1}.0.0` : `${p.major}.${p.minor + 1}.0`;
  switch (op) {
    case '':
      return [lower(p), `<${nextUp}-0`];
    case '>':
      return [`>=${nextUp}`];
    case '>=':
      return [lower(p)];
    case '<':
      return [`<${p.major}.${p.minor ?? 0}.0-0`];
    case '<=':
      return [`<${nextUp}-0`];
    default:
      throw new TypeError(`Unknown operator: ${operator}`);
  }
}

/** "A - B": inclusive on both ends; a partial upper bound covers the whole partial. */
export function desugarHyphen(fromText, toText) {
  const from = mustParse(fromText);
  const to = mustParse(toText);
  const out = [];
  if (from.major !== null) out.push(lower(from));
  if (to.major !== null) {
    if (to.minor === null) out.push(`<${to.major + 1}.0.0-0`);
    else if (to.patch === null) out.push(`<${to.major}.${to.minor + 1}.0-0`);
    else out.push(`<=${to.major}.${to.minor}.${to.patch}${pre(to)}`);
  }
  return out.length ? out : ['*'];
}
