// Parsing of full semantic versions: MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD].
//
// A parsed version is a frozen plain object:
//   { major, minor, patch, prerelease: [...], build: [...], version }
// Numeric prerelease identifiers are stored as numbers so that they compare
// numerically; everything else stays a string. Build metadata is kept for
// display only and never takes part in precedence.

const NUM = '0|[1-9]\\d*';
const PRE_ID = '[0-9A-Za-z-]+';
const BUILD_ID = '[0-9A-Za-z-]+';

const VERSION_RE = new RegExp(
  `^[v=]?(${NUM})\\.(${NUM})\\.(${NUM})` +
    `(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?` +
    `(?:\\+(${BUILD_ID}(?:\\.${BUILD_ID})*))?$`,
);

const MAX_LENGTH = 256;

/** Turns one dot-separated prerelease identifier into a number when it is numeric. */
export function parseIdentifier(id) {
  if (/^\d+$/.test(id)) {
    // "01" is not a valid numeric identifier; "0" is.
    if (id.length > 1 && id[0] === '0') return null;
    const n = Number(id);
    return Number.isSafeInteger(n) ? n : null;
  }
  return id;
}

function toSafeInt(text) {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * Parses `input` into a version object, or returns null when it is not a
 * valid semantic version. Leading/trailing whitespace and a leading "v" or
 * "=" are tolerated.
 */
export function parse(input) {
  if (input && typeof input === 'object' && 'major' in input && 'prerelease' in input) {
    return input;
  }
  if (typeof input !== 'string' || input.length > MAX_LENGTH) return null;
  const match = VERSION_RE.exec(input.trim());
  if (!match) return null;

  const major = toSafeInt(match[1]);
  const minor = toSafeInt(match[2]);
  const patch = toSafeInt(match[3]);
  if (major === null || minor === null || patch === null) return null;

  const prerelease = [];
  if (match[4] !== undefined) {
    for (const part of match[4].split('.')) {
      const id = parseIdentifier(part);
      if (id === null) return null;
      prerelease.push(id);
    }
  }
  const build = match[5] !== undefined ? match[5].split('.') : [];

  return createVersion(major, minor, patch, prerelease, build);
}

/** Builds a frozen version object from its parts. */
export function createVersion(major, minor, patch, prerelease = [], build = []) {
  const pre = Object.freeze([...prerelease]);
  const meta = Object.freeze([...build]);
  let version = `${major}.${minor}.${patch}`;
  if (pre.length) version += `-${pre.join('.')}`;
  return Object.freeze({ major, minor, patch, prerelease: pre, build: meta, version });
}

/** Returns the normalised version string (without build metadata), or null. */
export function valid(input) {
  const v = parse(input);
  return v ? v.version : null;
}

/** Like `valid`, but also strips surrounding noise such as "  v1.2.3  ". */
export function clean(input) {
  if (typeof input !== 'string') return null;
  return valid(input.trim().replace(/^[=v]+/, ''));
}
