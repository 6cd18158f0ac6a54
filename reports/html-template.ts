// HTML built through a tagged template that escapes by default: every value interpolated into
// html`…` is escaped unless it already is HTML (SafeHtml: another html`…`, or raw() for text
// that is safe by construction). Arrays are joined; null and undefined give nothing. Prettier leaves
// the HTML inside these templates alone (embeddedLanguageFormatting: off): its bytes are the page's.
import { escapeHtml } from './format.js';

/** Text that is already HTML: interpolated as is. */
export class SafeHtml {
  constructor(readonly text: string) {}
}

export type HtmlValue = SafeHtml | string | number | null | undefined | readonly HtmlValue[];

function render(v: HtmlValue): string {
  if (v instanceof SafeHtml) return v.text;
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v as string | number));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Marks text as HTML without escaping: only for what is safe by construction (the report's own
 * stylesheet and script, JSON already made safe for a script element). */
export function raw(text: string): SafeHtml {
  return new SafeHtml(text);
}

/** Joins pieces of HTML with a separator (each piece escaped unless it is SafeHtml). */
export function joinHtml(pieces: readonly HtmlValue[], separator = ''): SafeHtml {
  return new SafeHtml(pieces.map(render).join(separator));
}
