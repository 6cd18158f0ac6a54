// Tar helpers for moving files in and out of sandboxes as streams (binary-safe, any
// file name) without holding whole trees in memory.
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';

type Header = Partial<tar.Header> & { name: string };

export interface Owner {
  uid: number;
  gid: number;
  uname?: string;
  gname?: string;
}

/** A file added to a tar as is (e.g. a Dockerfile next to the tree of a build context). */
export interface ExtraEntry {
  name: string;
  data: Buffer | string;
  mode?: number;
}

/**
 * Streams the tree under `dir` as a tar whose entries sit under `prefix` (e.g. "testbed"),
 * after the `extra` files (no tree when `dir` is undefined).
 * A top-level `.git` is skipped: the sandbox makes its own one-commit history.
 */
export function packDir(dir: string | undefined, prefix: string, owner: Owner, extra: ExtraEntry[] = []): Readable {
  const pack = tar.pack();
  const base = { uid: owner.uid, gid: owner.gid, uname: owner.uname, gname: owner.gname };
  const entryName = (rel: string) => (rel ? `${prefix}/${rel}` : prefix).replace(/^\/+/, '');

  const addEntry = (header: Header, body?: Buffer) =>
    new Promise<void>((resolve, reject) => {
      pack.entry(header, body ?? Buffer.alloc(0), (err) => (err ? reject(err) : resolve()));
    });
  const addFile = (header: Header, file: string) =>
    new Promise<void>((resolve, reject) => {
      const sink = pack.entry(header, (err) => (err ? reject(err) : resolve()));
      createReadStream(file).on('error', reject).pipe(sink);
    });

  const walk = async (rel: string): Promise<void> => {
    const abs = path.join(dir as string, rel);
    const st = await fs.lstat(abs);
    const header = { ...base, name: entryName(rel), mode: st.mode & 0o7777, mtime: st.mtime };
    if (st.isDirectory()) {
      await addEntry({ ...header, type: 'directory' });
      const names = (await fs.readdir(abs)).sort();
      for (const name of names) {
        if (rel === '' && name === '.git') continue;
        await walk(rel ? `${rel}/${name}` : name);
      }
    } else if (st.isSymbolicLink()) {
      await addEntry({ ...header, type: 'symlink', linkname: await fs.readlink(abs) });
    } else if (st.isFile()) {
      await addFile({ ...header, type: 'file', size: st.size }, abs);
    }
    // Sockets, fifos and devices have no place in a task repo: skipped.
  };

  const all = async () => {
    for (const e of extra)
      await addEntry({ ...base, name: e.name, mode: e.mode ?? 0o644, mtime: new Date(0), type: 'file' }, Buffer.from(e.data));
    if (dir !== undefined) await walk('');
  };
  all().then(
    () => pack.finalize(),
    (err) => pack.destroy(err as Error),
  );
  return Readable.from(pack);
}

/** Re-emits a tar with every entry owned by `owner`, so extraction hands files to the sandbox user. */
export function chownTar(input: Buffer | Readable, owner: Owner): Readable {
  const extract = tar.extract();
  const pack = tar.pack();
  extract.on('entry', (header, stream, next) => {
    const sink = pack.entry({ ...header, ...owner }, (err) => next(err ?? undefined));
    stream.pipe(sink);
  });
  extract.on('finish', () => pack.finalize());
  const source = Buffer.isBuffer(input) ? Readable.from([input]) : input;
  const out = new PassThrough();
  pipeline(source, extract).catch((err) => out.destroy(err));
  pack.on('error', (err: Error) => out.destroy(err));
  pipeline(Readable.from(pack), out).catch((err) => out.destroy(err));
  return out;
}

export interface TarFirstEntry {
  type: string;
  data: Buffer;
  linkname?: string;
  /** Larger than the caller's maximum: its data was not read. */
  tooLarge?: boolean;
}

/** Reads the first entry of a tar stream (what a container's getArchive returns for one path);
 * an entry over maxBytes is not read (tooLarge). */
export async function readFirstEntry(input: NodeJS.ReadableStream, maxBytes = Infinity): Promise<TarFirstEntry | undefined> {
  const extract = tar.extract();
  const source = Readable.from(input as AsyncIterable<Buffer>);
  // We stop early on purpose (and the caller destroys the response): the resulting
  // "premature close" is expected, not an error to crash the process with.
  source.on('error', () => undefined);
  source.pipe(extract);
  for await (const entry of extract) {
    const h = entry.header;
    const tooLarge = (h.size ?? 0) > maxBytes;
    const chunks: Buffer[] = [];
    if (!tooLarge) for await (const chunk of entry) chunks.push(chunk as Buffer);
    // Stop reading: for a directory the rest of the archive is its (possibly huge) content.
    extract.destroy();
    return { type: h.type ?? 'file', data: Buffer.concat(chunks), linkname: h.linkname ?? undefined, ...(tooLarge ? { tooLarge } : {}) };
  }
  return undefined;
}
