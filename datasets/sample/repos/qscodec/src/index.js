// Public entry point of qscodec.
export { parse } from './parse/parse.js';
export { stringify } from './stringify/stringify.js';
export { splitKey } from './parse/keys.js';
export { decode } from './util/decode.js';
export { encodeComponent } from './stringify/encode.js';
export { PARSE_DEFAULTS, STRINGIFY_DEFAULTS } from './options.js';
