// When and how a field is quoted on output.

/**
 * True when `field` must be quoted to read back as the same text: it contains the
 * delimiter, the quote character or a line break, or it starts or ends with a space
 * (many readers trim unquoted spaces).
 */
export function needsQuoting(field, delimiter, quote) {
  if (field === '') return false;
  if (field.includes(delimiter) || field.includes(quote)) return true;
  if (field.includes('\n') || field.includes('\r')) return true;
  return field[0] === ' ' || field[field.length - 1] === ' ';
}

/** Wraps `field` in quotes, doubling every quote inside it. */
export function quoteField(field, quote) {
  return quote + field.split(quote).join(quote + quote) + quote;
}
