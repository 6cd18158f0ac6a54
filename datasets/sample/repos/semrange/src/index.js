// Public entry point of semrange.
export { parse, valid, clean, createVersion } from './version/parse.js';
export {
  compare,
  rcompare,
  compareIdentifiers,
  gt,
  gte,
  lt,
  lte,
  eq,
  neq,
  sort,
  rsort,
} from './version/compare.js';
export { parseComparator, testComparator } from './range/comparator.js';
export {
  parseRange,
  validRange,
  satisfies,
  maxSatisfying,
  minSatisfying,
} from './range/range.js';
