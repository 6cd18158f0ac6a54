// Precedence rules from the semantic versioning spec (section 11).
import { parse } from './parse.js';

function toVersion(input) {
  const v = parse(input);
  if (!v) throw new TypeError(`Invalid version: ${JSON.stringify(input)}`);
  return v;
}

function compareNumbers(a, b) {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Compares two prerelease identifiers. Numeric identifiers compare
 * numerically and always have lower precedence than alphanumeric ones;
 * alphanumeric identifiers compare in ASCII order.
 */
export function compareIdentifiers(a, b) {
  const aNum = typeof a === 'number';
  const bNum = typeof b === 'number';
  if (aNum && bNum) return compareNumbers(a, b);
  if (aNum) return -1;
  if (bNum) return 1;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Compares only MAJOR.MINOR.PATCH. */
export function compareMain(a, b) {
  return (
    compareNumbers(a.major, b.major) ||
    compareNumbers(a.minor, b.minor) ||
    compareNumbers(a.patch, b.patch)
  );
}

/** Compares the prerelease part: a release outranks any of its prereleases. */
export function comparePre(a, b) {
  const aLen = a.prerelease.length;
  const bLen = b.prerelease.length;
  if (aLen && !bLen) return -1;
  if (!aLen && bLen) return 1;
  for (let i = 0; i < Math.max(aLen, bLen); i++) {
    if (i >= aLen) return -1;
    if (i >= bLen) return 1;
    const result = compareIdentifiers(a.prerelease[i], b.prerelease[i]);
    if (result !== 0) return result;
  }
  return 0;
}

/** Returns -1, 0 or 1. Accepts version strings or parsed versions. */
export function compare(a, b) {
  const va = toVersion(a);
  const vb = toVersion(b);
  return compareMain(va, vb) || comparePre(va, vb);
}

export function rcompare(a, b) {
  return compare(b, a);
}

export const gt = (a, b) => compare(a, b) > 0;
export const gte = (a, b) => compare(a, b) >= 0;
export const lt = (a, b) => compare(a, b) < 0;
export const lte = (a, b) => compare(a, b) <= 0;
export const eq = (a, b) => compare(a, b) === 0;
export const neq = (a, b) => compare(a, b) !== 0;

/** Returns a new array sorted in ascending precedence. */
export function sort(list) {
  return [...list].sort(compare);
}

/** Returns a new array sorted in descending precedence. */
export function rsort(list) {
  return [...list].sort(rcompare);
}
