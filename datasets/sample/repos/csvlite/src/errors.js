/** Raised for malformed input or invalid options. `line` is 1-based when known. */
export class CsvError extends Error {
  constructor(message, { line } = {}) {
    super(line === undefined ? message : `${message} (line ${line})`);
    this.name = 'CsvError';
    this.line = line;
  }
}

export function checkDialect({ delimiter = ',', quote = '"' } = {}) {
  for (const [name, ch] of [['delimiter', delimiter], ['quote', quote]]) {
    if (typeof ch !== 'string' || ch.length !== 1) {
      throw new CsvError(`${name} must be a single character`);
    }
    if (ch === '\r' || ch === '\n') throw new CsvError(`${name} cannot be a line break`);
  }
  if (delimiter === quote) throw new CsvError('delimiter and quote must differ');
  return { delimiter, quote };
}
