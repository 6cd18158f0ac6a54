// Path normalisation shared by scorers: answers and patches name files in many spellings
// ("./a.py", "/testbed/a.py", "a\\b.py"); all become repo-relative POSIX paths.
import path from 'node:path';

export function normaliseRepoPath(p: string): string {
  let s = p.trim().replace(/\\/g, '/');
  if (s.startsWith('/testbed/')) s = s.slice('/testbed/'.length);
  else if (s === '/testbed') s = '';
  s = s.replace(/^\/+/, '');
  s = path.posix.normalize(s || '.');
  if (s === '.' || s === './') return '';
  s = s.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return s;
}

/** Normalises "path::name" function references (path part only). */
export function normaliseFunctionRef(ref: string): string {
  const i = ref.indexOf('::');
  if (i < 0) return ref.trim();
  return `${normaliseRepoPath(ref.slice(0, i))}::${ref.slice(i + 2).trim()}`;
}

/** Single-quotes a string for bash. */
export function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
