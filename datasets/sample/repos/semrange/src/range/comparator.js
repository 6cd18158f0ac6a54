// A comparator is a single operator/version pair such as ">=1.2.3" or "<2.0.0-0".
// Ranges are lists of comparator sets; see range.js.
import { parse } from '../version/parse.js';
import { compare } from '../version/compare.js';

const COMPARATOR_RE = /^(>=|<=|>|<|=)?\s*(\S+)$/;

/** The comparator that matches every version (written "" or "*"). */
export const ANY = Object.freeze({ operator: '', semver: null, value: '' });

/** Parses one comparator; throws a TypeError on anything malformed. */
export function parseComparator(text) {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '*') return ANY;
  const match = COMPARATOR_RE.exec(trimmed);
  if (!match) throw new TypeError(`Invalid comparator: ${text}`);
  const semver = parse(match[2]);
  if (!semver) throw new TypeError(`Invalid comparator: ${text}`);
  const operator = match[1] === '=' || match[1] === undefined ? '' : match[1];
  return Object.freeze({ operator, semver, value: `${operator}${semver.version}` });
}

/** Does `version` (a parsed version) satisfy this single comparator? */
export function testComparator(comparator, version) {
  if (comparator === ANY || comparator.semver === null) return true;
  const order = compare(version, comparator.semver);
  switch (comparator.operator) {
    case '':
      return order === 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    default:
      throw new TypeError(`Unknown operator: ${comparator.operator}`);
  }
}
