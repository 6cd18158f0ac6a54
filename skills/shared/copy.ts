// Copies host files into a sandbox as one tar archive (tar-stream → putArchive).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import tar from 'tar-stream';
import type { Sandbox } from '../../harness/core/sandbox.js';
import { InfraError } from '../../harness/core/errors.js';
import { listFiles } from '../../harness/core/files.js';

export interface FileEntry {
  /** POSIX path relative to the destination folder. */
  path: string;
  content: Buffer;
  mode?: number;
}

export async function readTree(dir: string): Promise<FileEntry[]> {
  const files = await listFiles(dir);
  return Promise.all(
    files.map(async (f) => {
      const abs = path.join(dir, f);
      const st = await fs.stat(abs);
      return { path: f, content: await fs.readFile(abs), mode: st.mode & 0o111 ? 0o755 : 0o644 };
    }),
  );
}

export function tarOf(files: FileEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve, reject) => {
    pack.on('data', (c: unknown) => chunks.push(c as Buffer));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', reject);
    for (const f of files) pack.entry({ name: f.path, mode: f.mode ?? 0o644, size: f.content.length }, f.content);
    pack.finalize();
  });
}

/** Copies the tree of host folder `hostDir` over `destDir` in the sandbox. */
export async function copyHostDir(sb: Sandbox, hostDir: string, destDir: string): Promise<string[]> {
  let files: FileEntry[];
  try {
    files = await readTree(hostDir);
  } catch (e) {
    throw new InfraError(`cannot read ${hostDir}: ${(e as Error).message}`, { cause: e });
  }
  await sb.putArchive(await tarOf(files), destDir);
  return files.map((f) => f.path);
}
