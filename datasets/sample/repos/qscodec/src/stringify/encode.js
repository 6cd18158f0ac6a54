// Percent-encoding for query-string components.

const EXTRA_RE = /[!'()*]/g;

/**
 * Encodes one key or value. RFC3986 escapes everything outside the
 * unreserved set (spaces become "%20"); RFC1738 is the same but writes
 * spaces as "+", like HTML forms do.
 */
export function encodeComponent(text, format = 'RFC3986') {
  const encoded = encodeURIComponent(text).replace(
    EXTRA_RE,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return format === 'RFC1738' ? encoded.replace(/%20/g, '+') : encoded;
}
