// Decoys: behaviour-preserving variants of the code under test — the same file with a comment
// line added at its end, so neither line numbers nor behaviour change. Tests that fail on a
// decoy (or pass on a decoy of buggy code) look at the file's text or hash, not at what the
// code does. The comment is random per run, so no test can expect it.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { shq } from './paths.js';

const COMMENT_PREFIX: Record<string, string> = { '.py': '#', '.pyi': '#', '.rb': '#', '.sh': '#' };

function commentFor(file: string): string {
  const words = ['note', 'keep', 'see', 'also', 'here', 'this', 'value', 'order', 'case'];
  const pick = () => words[randomBytes(1)[0] % words.length];
  const prefix = COMMENT_PREFIX[path.posix.extname(file)] ?? '//';
  return `${prefix} ${pick()} ${pick()} ${randomBytes(3).toString('hex')}`;
}

/** Shell lines (run in /testbed) that turn each file into its decoy: a comment line appended,
 * after a newline if the file does not end with one. Files that do not exist are left alone. */
export function decoyScript(files: string[]): string {
  return files
    .map((f) => {
      const q = shq(f);
      return `if [ -f ${q} ]; then [ -n "$(tail -c 1 ${q})" ] && printf '\\n' >> ${q}; printf '%s\\n' ${shq(commentFor(f))} >> ${q}; fi`;
    })
    .join('\n');
}
