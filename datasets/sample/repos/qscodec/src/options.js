// Option defaults and validation for parse() and stringify().

export const PARSE_DEFAULTS = Object.freeze({
  delimiter: '&',
  depth: 5,
  arrayLimit: 20,
  parameterLimit: 1000,
  parseArrays: true,
});

export const STRINGIFY_DEFAULTS = Object.freeze({
  delimiter: '&',
  arrayFormat: 'indices',
  encode: true,
  format: 'RFC3986',
  skipNulls: false,
  sort: null,
});

const ARRAY_FORMATS = ['indices', 'brackets', 'repeat'];
const FORMATS = ['RFC3986', 'RFC1738'];

function checkCount(name, value, { allowInfinity = false } = {}) {
  const ok =
    (Number.isInteger(value) && value >= 0) || (allowInfinity && value === Infinity);
  if (!ok) throw new TypeError(`Option "${name}" must be a non-negative integer`);
}

function pick(defaults, options) {
  if (options === undefined || options === null) return { ...defaults };
  if (typeof options !== 'object') throw new TypeError('Options must be an object');
  const out = { ...defaults };
  for (const key of Object.keys(defaults)) {
    if (options[key] !== undefined) out[key] = options[key];
  }
  return out;
}

/** Fills in defaults and rejects invalid parse options. Unknown keys are ignored. */
export function normalizeParseOptions(options) {
  const opts = pick(PARSE_DEFAULTS, options);
  if (!(typeof opts.delimiter === 'string' && opts.delimiter) && !(opts.delimiter instanceof RegExp)) {
    throw new TypeError('Option "delimiter" must be a non-empty string or a RegExp');
  }
  checkCount('depth', opts.depth);
  checkCount('arrayLimit', opts.arrayLimit);
  checkCount('parameterLimit', opts.parameterLimit, { allowInfinity: true });
  if (opts.parameterLimit === 0) throw new TypeError('Option "parameterLimit" must be positive');
  opts.parseArrays = Boolean(opts.parseArrays);
  return opts;
}

/** Fills in defaults and rejects invalid stringify options. Unknown keys are ignored. */
export function normalizeStringifyOptions(options) {
  const opts = pick(STRINGIFY_DEFAULTS, options);
  if (typeof opts.delimiter !== 'string') {
    throw new TypeError('Option "delimiter" must be a string');
  }
  if (!ARRAY_FORMATS.includes(opts.arrayFormat)) {
    throw new TypeError(`Option "arrayFormat" must be one of ${ARRAY_FORMATS.join(', ')}`);
  }
  if (!FORMATS.includes(opts.format)) {
    throw new TypeError(`Option "format" must be one of ${FORMATS.join(', ')}`);
  }
  if (opts.sort !== null && typeof opts.sort !== 'function') {
    throw new TypeError('Option "sort" must be a function');
  }
  opts.encode = Boolean(opts.encode);
  opts.skipNulls = Boolean(opts.skipNulls);
  return opts;
}
