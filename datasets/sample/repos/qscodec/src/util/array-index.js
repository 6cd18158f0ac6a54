// Helpers for telling array indices apart from ordinary object keys.

const INDEX_RE = /^(?:0|[1-9]\d*)$/;

/** Returns the numeric index a key segment denotes, or -1 when it is not one. */
export function toIndex(segment) {
  if (typeof segment !== 'string' || !INDEX_RE.test(segment)) return -1;
  const n = Number(segment);
  return Number.isSafeInteger(n) ? n : -1;
}

/** Keys that would let input reach Object.prototype; they are always skipped. */
export function isUnsafeKey(key) {
  return key === '__proto__' || key === 'constructor' || key === 'prototype';
}

export function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
