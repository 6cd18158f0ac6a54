// Turns tokenized rows into the records the caller asked for: arrays of fields, or
// objects keyed by the header row, with optional casting.
import { CsvError } from '../errors.js';
import { makeCaster } from '../cast.js';

export class RecordBuilder {
  /**
   * options.header: false (rows stay arrays), true (first row names the columns) or an
   * array of column names (every row is data).
   * options.cast: true, false or a function (text, { column, index, line }) => value.
   * options.relaxColumnCount: with a header, pad short rows with '' and drop extra fields
   * instead of throwing.
   */
  constructor({ header = false, cast, relaxColumnCount = false } = {}) {
    this.caster = makeCaster(cast);
    this.relax = Boolean(relaxColumnCount);
    this.columns = null;
    this.wantsHeader = false;
    if (Array.isArray(header)) this.columns = checkColumns(header.map(String), 1);
    else if (header === true) this.wantsHeader = true;
    else if (header !== false) throw new TypeError('header must be a boolean or an array of column names');
  }

  /** Returns the record for a tokenized row, or undefined when the row was the header. */
  add({ fields, line }) {
    if (this.wantsHeader && this.columns === null) {
      this.columns = checkColumns(fields, line);
      return undefined;
    }
    if (this.columns === null) {
      return this.caster ? fields.map((text, index) => this.caster(text, { column: index, index, line })) : fields;
    }
    const { columns } = this;
    if (fields.length !== columns.length && !this.relax) {
      throw new CsvError(`Row has ${fields.length} fields but the header has ${columns.length}`, { line });
    }
    const record = {};
    for (let index = 0; index < columns.length; index++) {
      const text = index < fields.length ? fields[index] : '';
      const column = columns[index];
      record[column] = this.caster ? this.caster(text, { column, index, line }) : text;
    }
    return record;
  }
}

function checkColumns(names, line) {
  const seen = new Set();
  for (const name of names) {
    if (seen.has(name)) throw new CsvError(`Duplicate column name ${JSON.stringify(name)}`, { line });
    seen.add(name);
  }
  return names;
}
