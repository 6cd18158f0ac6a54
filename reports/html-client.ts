// The stylesheet and script report.html (and compare.html) inline: real files in reports/client/
// (report.js is type-checked with // @ts-check and linted like the rest), read once from the package.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../harness/core/version.js';
import { raw, type SafeHtml } from './html-template.js';

const CLIENT_DIR = path.join(PACKAGE_ROOT, 'reports', 'client');
const cache = new Map<string, SafeHtml>();

/** A client file's text, refused if it could close the element it is inlined in. */
function clientFile(name: string, closing: string): SafeHtml {
  let text = cache.get(name);
  if (!text) {
    const body = readFileSync(path.join(CLIENT_DIR, name), 'utf8');
    if (body.toLowerCase().includes(closing)) throw new Error(`${path.join(CLIENT_DIR, name)} contains "${closing}": it cannot be inlined`);
    text = raw(body);
    cache.set(name, text);
  }
  return text;
}

/** reports/client/report.css, for a <style> element. */
export const reportCss = (): SafeHtml => clientFile('report.css', '</style');
/** reports/client/report.js, for a <script> element. */
export const reportJs = (): SafeHtml => clientFile('report.js', '</script');
