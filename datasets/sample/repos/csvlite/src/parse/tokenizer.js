// Character-level CSV state machine. It can be fed text in arbitrary chunks: nothing
// depends on where a chunk ends. Each completed row comes out as { fields, line }, where
// `line` is the 1-based line on which the row starts.
import { CsvError, checkDialect } from '../errors.js';

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const AFTER_QUOTE = 3;

export class Tokenizer {
  constructor(options = {}) {
    const { delimiter, quote } = checkDialect(options);
    this.delimiter = delimiter;
    this.quote = quote;
    this.state = FIELD_START;
    this.fields = [];
    this.field = '';
    this.rowOpen = false; // the current row has at least one character
    this.rowLine = 1;
    this.quoteLine = 1;
    this.line = 1;
    this.lastWasCR = false;
    this.skipLF = false; // a CR just ended a row; a following LF belongs to it
    this.started = false;
  }

  /** Consumes a chunk and returns the rows it completed. */
  feed(chunk) {
    const rows = [];
    let text = String(chunk);
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (this.skipLF) {
        this.skipLF = false;
        if (ch === '\n') {
          this.lastWasCR = false;
          continue;
        }
      }
      this.#step(ch, rows);
      if (ch === '\r' || (ch === '\n' && !this.lastWasCR)) this.line += 1;
      this.lastWasCR = ch === '\r';
    }
    return rows;
  }

  /** Ends the input; returns the last row if one is pending. */
  finish() {
    if (this.state === QUOTED) throw new CsvError('Unterminated quoted field', { line: this.quoteLine });
    const rows = [];
    if (this.rowOpen) this.#endRow(rows);
    return rows;
  }

  #step(ch, rows) {
    if (!this.rowOpen) {
      this.rowOpen = true;
      this.rowLine = this.line;
    }
    switch (this.state) {
      case FIELD_START:
        if (ch === this.quote) {
          this.state = QUOTED;
          this.quoteLine = this.line;
        } else if (ch === this.delimiter) {
          this.#endField();
        } else if (ch === '\r' || ch === '\n') {
          this.#endRow(rows, ch);
        } else {
          this.field += ch;
          this.state = UNQUOTED;
        }
        break;
      case UNQUOTED:
        // A quote in the middle of an unquoted field is kept as a literal character.
        if (ch === this.delimiter) this.#endField();
        else if (ch === '\r' || ch === '\n') this.#endRow(rows, ch);
        else this.field += ch;
        break;
      case QUOTED:
        if (ch === this.quote) this.state = AFTER_QUOTE;
        else this.field += ch;
        break;
      case AFTER_QUOTE:
        if (ch === this.quote) {
          // A doubled quote inside a quoted field stands for one quote.
          this.field += ch;
          this.state = QUOTED;
        } else if (ch === this.delimiter) {
          this.#endField();
        } else if (ch === '\r' || ch === '\n') {
          this.#endRow(rows, ch);
        } else {
          throw new CsvError(`Unexpected character ${JSON.stringify(ch)} after closing quote`, { line: this.line });
        }
        break;
      default:
        throw new Error(`tokenizer: bad state ${this.state}`);
    }
  }

  #endField() {
    this.fields.push(this.field);
    this.field = '';
    this.state = FIELD_START;
  }

  #endRow(rows, ch) {
    this.fields.push(this.field);
    rows.push({ fields: this.fields, line: this.rowLine });
    this.fields = [];
    this.field = '';
    this.state = FIELD_START;
    this.rowOpen = false;
    if (ch === '\r') this.skipLF = true;
  }
}
