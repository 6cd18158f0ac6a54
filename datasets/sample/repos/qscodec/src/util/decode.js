// Decoding of application/x-www-form-urlencoded components.

/**
 * decodeURIComponent that never throws: a malformed escape such as "%E0%A4" or
 * "100%" is left exactly as it was written.
 */
export function safeDecodeURIComponent(text) {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Decodes one key or value: "+" means a space, "%XX" escapes are resolved. */
export function decode(text) {
  return safeDecodeURIComponent(text.replace(/\+/g, ' '));
}
