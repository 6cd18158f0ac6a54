// Limits and per-entry sizes.

function isLimit(n) {
  return n === Infinity || (Number.isInteger(n) && n > 0);
}

export function normalizeLimits({ max = Infinity, maxSize = Infinity, sizeCalculation } = {}) {
  if (!isLimit(max)) throw new TypeError('TTLCache: max must be a positive integer or Infinity');
  if (!isLimit(maxSize)) throw new TypeError('TTLCache: maxSize must be a positive integer or Infinity');
  if (sizeCalculation !== undefined && typeof sizeCalculation !== 'function') {
    throw new TypeError('TTLCache: sizeCalculation must be a function');
  }
  return { max, maxSize, sizeCalculation };
}

/**
 * The size of one entry: the explicit `size` passed to set() wins, then the
 * sizeCalculation option, then 1. It must be a positive integer.
 */
export function resolveSize(key, value, explicit, sizeCalculation) {
  let size = 1;
  if (explicit !== undefined) size = explicit;
  else if (sizeCalculation) size = sizeCalculation(value, key);
  if (!Number.isInteger(size) || size < 1) {
    throw new TypeError(`TTLCache: size of ${String(key)} must be a positive integer, got ${String(size)}`);
  }
  return size;
}
