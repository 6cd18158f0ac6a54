// Content hash of a task: sha256 over a canonical listing of the task folder and its repo
// (sorted POSIX paths, sizes and bytes; symlinks by their target; no timestamps or modes),
// stable across machines.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ignoredName } from '../environments/materialise.js';

export { ignoredName };

interface TreeEntry {
  path: string;
  /** Set for a symlink: its target, as written (never followed). */
  link?: string;
}

/** Regular files and symlinks under `dir`, sorted by POSIX path. */
async function listTree(dir: string): Promise<TreeEntry[]> {
  const out: TreeEntry[] = [];
  async function walk(rel: string): Promise<void> {
    const entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true });
    for (const e of entries) {
      if (ignoredName(e.name)) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(r);
      else if (e.isFile()) out.push({ path: r });
      else if (e.isSymbolicLink()) out.push({ path: r, link: await fs.readlink(path.join(dir, r)) });
    }
  }
  await walk('');
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** `extra` adds what identifies the task beyond files (e.g. its environment). */
export async function hashFolders(parts: Array<{ label: string; dir: string }>, extra?: string): Promise<string> {
  const h = createHash('sha256');
  h.update('atomic-skills-task-v1\0');
  for (const { label, dir } of parts) {
    const files = await listTree(dir);
    h.update(`${label}\0${files.length}\0`);
    for (const f of files) {
      if (f.link !== undefined) {
        // A symlink is its target: a changed target is a changed task (a plain file's record
        // starts with its size, never with this tag, so the two cannot collide).
        h.update(`${f.path}\0symlink\0${f.link}\0`);
        continue;
      }
      const data = await fs.readFile(path.join(dir, f.path));
      h.update(`${f.path}\0${data.length}\0`);
      h.update(data);
    }
  }
  if (extra !== undefined) h.update(`extra\0${extra}`);
  return h.digest('hex');
}
