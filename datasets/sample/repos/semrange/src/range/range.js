// Ranges: "||"-separated comparator sets; a version satisfies the range when
// it satisfies every comparator of at least one set.
import { parse } from '../version/parse.js';
import { compare } from '../version/compare.js';
import { ANY, parseComparator, testComparator } from './comparator.js';
import { desugarCaret, desugarHyphen, desugarTilde, desugarXRange } from './desugar.js';

const HYPHEN_RE = /^(\S+)\s+-\s+(\S+)$/;
const TOKEN_RE = /^(\^|~>?|>=|<=|>|<|=)?(.*)$/;

function expandToken(token) {
  const [, op = '', rest] = TOKEN_RE.exec(token);
  if (rest === '') throw new TypeError(`Invalid range token: ${token}`);
  if (op === '^') return desugarCaret(rest);
  if (op === '~' || op === '~>') return desugarTilde(rest);
  return desugarXRange(op, rest);
}

function parseSet(text) {
  const trimmed = text.trim();
  if (trimmed === '') return [ANY];

  const hyphen = HYPHEN_RE.exec(trimmed);
  const expanded = hyphen
    ? desugarHyphen(hyphen[1], hyphen[2])
    : trimmed
        // ">= 1.2.3" and "^ 1.2" are written with a space now and then.
        .replace(/(\^|~>?|>=|<=|>|<|=)\s+/g, '$1')
        .split(/\s+/)
        .flatMap(expandToken);

  const comparators = expanded.map(parseComparator);
  // A set that matches anything in one place still has to honour the rest.
  const concrete = comparators.filter((c) => c !== ANY);
  return concrete.length ? concrete : [ANY];
}

/**
 * Parses a range string into `{ raw, set }` where `set` is an array of
 * comparator arrays. Throws a TypeError when the range is malformed.
 */
export function parseRange(text) {
  if (typeof text !== 'string') throw new TypeError('Range must be a string');
  const set = text.split('||').map(parseSet);
  return { raw: text, set };
}

/** The canonical comparator form of a range, or null when it is invalid. */
export function validRange(text) {
  try {
    const { set } = parseRange(text);
    return set.map((comps) => comps.map((c) => c.value || '*').join(' ')).join('||');
  } catch {
    return null;
  }
}

function testSet(comparators, version) {
  for (const comparator of comparators) {
    if (!testComparator(comparator, version)) return false;
  }
  if (version.prerelease.length === 0) return true;

  // A prerelease only satisfies a set that explicitly opts into prereleases
  // of the same MAJOR.MINOR.PATCH, so "^1.2.3" does not match "1.4.0-beta".
  return comparators.some(
    (c) =>
      c.semver !== null &&
      c.semver.prerelease.length > 0 &&
      c.semver.major === version.major &&
      c.semver.minor === version.minor &&
      c.semver.patch === version.patch,
  );
}

function toRange(range) {
  return typeof range === 'string' ? parseRange(range) : range;
}

/** Does `version` satisfy `range`? Invalid versions or ranges never do. */
export function satisfies(version, range) {
  const v = parse(version);
  if (!v) return false;
  let r;
  try {
    r = toRange(range);
  } catch {
    return false;
  }
  return r.set.some((comparators) => testSet(comparators, v));
}

/** The highest version in `versions` that satisfies `range`, or null. */
export function maxSatisfying(versions, range) {
  let best = null;
  for (const candidate of versions) {
    if (!satisfies(candidate, range)) continue;
    if (best === null || compare(candidate, best) > 0) best = candidate;
  }
  return best;
}

/** The lowest version in `versions` that satisfies `range`, or null. */
export function minSatisfying(versions, range) {
  let best = null;
  for (const candidate of versions) {
    if (!satisfies(candidate, range)) continue;
    if (best === null || compare(candidate, best) < 0) best = candidate;
  }
  return best;
}
