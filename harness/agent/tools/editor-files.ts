// The editor's file access: every read, write and listing is a command run as the agent user
// (sandbox.exec), so the editor can touch exactly what the agent's own shell could — never a
// root-only file. Sizes are checked before reading and every output is capped, so a huge or
// growing file cannot swell the harness; a refused or failed operation is an EditorIoError,
// which the editor turns into an error observation (the agent's outcome, never infrastructure).
import { randomBytes } from 'node:crypto';
import type { Sandbox } from '../../core/sandbox.js';
import { shq } from './outcome.js';

/** Timeout for one editor command in the sandbox. */
const IO_TIMEOUT_MS = 60_000;

export class EditorIoError extends Error {}

export interface PathInfo {
  kind: 'file' | 'dir' | 'other' | 'missing';
  size: number;
  /** Why the path cannot be used, when it is not simply absent (permission, a file as parent). */
  problem?: string;
}

export interface Loaded {
  info: PathInfo;
  /** The file's bytes: only for a regular file no larger than the cap. */
  data?: Buffer;
}

/** stat, then the bytes (base64, one line) when the path is a regular file within the cap.
 * Output starts after a per-call marker so text a login profile prints cannot be taken for data. */
const LOAD = `p=$1; cap=$2
s=$(stat -L -c '%F|%s' -- "$p" 2>&1) || { printf '%s\\n' "$s" >&2; exit 4; }
printf '%s\\n%s\\n' "$3" "$s"
case $s in regular*) ;; *) exit 0;; esac
[ "\${s##*|}" -le "$cap" ] || exit 0
exec base64 -w0 -- "$p"`;

/** A window of a file too large to load: the count of "\\n" (when $6 is set: it reads the whole
 * file), then up to $4 bytes from line $2 on ($3 lines, or to the end when empty). Streams in
 * the sandbox; nothing bigger comes back. */
const WINDOW = `p=$1; n=
if [ -n "$6" ]; then n=$(wc -l < "$p") || exit 6; fi
printf '%s\\n%s\\n' "$5" "$n"
if [ -n "$3" ]; then tail -n "+$2" -- "$p" | head -n "$3" | head -c "$4" | base64 -w0
else tail -n "+$2" -- "$p" | head -c "$4" | base64 -w0; fi`;

/** Writes stdin to $1. create: the parent must be a folder and the file must not exist
 * (noclobber, so a file that appeared meanwhile is not overwritten). An existing file is
 * truncated in place, keeping its mode and owner. */
const WRITE = `p=$1
if [ "$2" = create ]; then
  d=$(dirname -- "$p")
  [ -d "$d" ] || { echo "the folder $d does not exist (create does not make folders: mkdir -p it first)" >&2; exit 7; }
  set -C
fi
cat > "$p"`;

/** Two levels deep, hidden entries pruned (not descended into), folders marked '/'; at most
 * $2 bytes. -H: a symlinked folder given as the path is listed, links inside it are not followed. */
const LIST = `printf '%s\\n' "$3"
find -H "$1" -mindepth 1 -maxdepth 2 -name '.*' -prune -o -type d -printf '%p/\\n' -o -print | head -c "$2"`;

export class EditorFiles {
  constructor(private readonly sandbox: Sandbox) {}

  /** What the path is and, for a regular file of at most maxBytes, its bytes. */
  async load(path: string, maxBytes: number): Promise<Loaded> {
    const mark = marker();
    const r = await this.run(LOAD, [path, String(maxBytes), mark], Math.ceil(maxBytes / 3) * 4 + 4096);
    if (r.exitCode === 4) return { info: missing(r.stderr.trim()) };
    const body = afterMarker(r.stdout, mark);
    if (r.exitCode !== 0 || body === null) throw new EditorIoError(`cannot read ${path}: ${why(r)}`);
    const nl = body.indexOf('\n');
    const [type = '', size = '0'] = (nl < 0 ? body : body.slice(0, nl)).split('|');
    const info: PathInfo = {
      kind: type.startsWith('regular') ? 'file' : type === 'directory' ? 'dir' : 'other',
      size: Number(size) || 0,
    };
    if (info.kind !== 'file' || info.size > maxBytes) return { info };
    const data = Buffer.from(body.slice(nl + 1), 'base64');
    // A background process can change the file between stat and read: never use half of it.
    if (r.truncated || data.length !== info.size) throw new EditorIoError(`${path} changed while it was being read; try again.`);
    return { info, data };
  }

  /** Up to maxBytes from line `from` on (`lines` lines, or to the end), and the newline count
   * when asked for (null otherwise). */
  async window(
    path: string,
    from: number,
    lines: number | undefined,
    maxBytes: number,
    countLines: boolean,
  ): Promise<{ newlines: number | null; bytes: Buffer }> {
    const mark = marker();
    const args = [path, String(from), lines === undefined ? '' : String(lines), String(maxBytes), mark, countLines ? '1' : ''];
    const r = await this.run(WINDOW, args, maxBytes * 2);
    const body = afterMarker(r.stdout, mark);
    if (r.exitCode !== 0 || body === null || r.truncated) throw new EditorIoError(`cannot read ${path}: ${why(r)}`);
    const nl = body.indexOf('\n');
    const count = body.slice(0, nl);
    return { newlines: count === '' ? null : Number(count), bytes: Buffer.from(body.slice(nl + 1), 'base64') };
  }

  async write(path: string, text: string, how: 'create' | 'overwrite'): Promise<void> {
    const r = await this.run(WRITE, [path, how], 64 * 1024, text);
    if (r.exitCode !== 0) {
      throw new EditorIoError(`cannot write ${path}: ${why(r)}`);
    }
  }

  /** Entries two levels deep, sorted; `cut` when the listing passed capBytes. */
  async list(path: string, capBytes: number): Promise<{ entries: string[]; cut: boolean }> {
    const mark = marker();
    const r = await this.run(LIST, [path, String(capBytes + 1), mark], capBytes + 4096);
    const body = afterMarker(r.stdout, mark);
    if (body === null || (body === '' && r.stderr.trim() !== '')) throw new EditorIoError(`cannot list ${path}: ${why(r)}`);
    const cut = Buffer.byteLength(body) > capBytes;
    const entries = body.split('\n');
    entries.pop(); // after the last newline: '' or, when cut, a partial entry
    return { entries: entries.sort(), cut };
  }

  private async run(script: string, args: string[], capBytes: number, stdin?: string) {
    const cmd = `bash -c ${shq(script)} editor ${args.map(shq).join(' ')}`;
    const r = await this.sandbox.exec(cmd, { timeoutMs: IO_TIMEOUT_MS, env: { LC_ALL: 'C' }, outputCapBytes: capBytes, stdin });
    // The agent can make a command slow (a huge folder, a busy sandbox): its outcome, not ours.
    if (r.timedOut) throw new EditorIoError(`the editor's command timed out after ${IO_TIMEOUT_MS / 1000} s; use bash for this path.`);
    return r;
  }
}

function marker(): string {
  return `@@editor-${randomBytes(8).toString('hex')}@@`;
}

function afterMarker(stdout: string, mark: string): string | null {
  const at = stdout.lastIndexOf(`${mark}\n`);
  return at < 0 ? null : stdout.slice(at + mark.length + 1);
}

function why(r: { stderr: string; exitCode: number | null }): string {
  return r.stderr.trim().replace(/^(bash: line \d+: |stat: |base64: |tail: |wc: |find: )/, '') || `exit ${r.exitCode}`;
}

function missing(err: string): PathInfo {
  const text = err.replace(/^stat: /, '');
  if (/No such file/i.test(text)) return { kind: 'missing', size: 0 };
  if (/Not a directory/i.test(text)) return { kind: 'missing', size: 0, problem: 'a parent of this path is a file, not a folder.' };
  return { kind: 'missing', size: 0, problem: text || 'stat failed' };
}
