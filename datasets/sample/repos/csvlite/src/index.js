export { parse } from './parse/parse.js';
export { createParser, parseStream } from './parse/stream.js';
export { stringify } from './write/stringify.js';
export { castValue } from './cast.js';
export { CsvError } from './errors.js';
