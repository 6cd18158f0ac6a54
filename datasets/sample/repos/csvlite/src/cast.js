// Turns field text into JavaScript values when parsing with `cast: true`.

const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;
// "007", "-01.5": leading zeros usually mean an identifier (zip code, account number).
const LEADING_ZERO = /^[-+]?0\d/;

/**
 * The built-in conversion:
 * - the empty string becomes null;
 * - "true" / "false" in any letter case become booleans;
 * - decimal numbers (optional sign, fraction, exponent) become numbers, unless they have
 *   a leading zero before another digit or are integers too large to be exact;
 * - anything else (including text with surrounding spaces) stays a string.
 */
export function castValue(text) {
  if (text === '') return null;
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (NUMBER.test(text) && !LEADING_ZERO.test(text)) {
    const n = Number(text);
    if (Number.isInteger(n) && !Number.isSafeInteger(n) && !/[.eE]/.test(text)) return text;
    return n;
  }
  return text;
}

/** Builds the per-field function for the `cast` option (true, false or a function). */
export function makeCaster(cast) {
  if (cast === undefined || cast === false) return null;
  if (cast === true) return (text) => castValue(text);
  if (typeof cast === 'function') return cast;
  throw new TypeError('cast must be a boolean or a function');
}
