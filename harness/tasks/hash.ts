// Content hash of a task: sha256 over a canonical listing of the task folder and its repo
// (sorted POSIX paths, sizes and bytes; no timestamps or modes), stable across machines.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { listFiles } from '../../skills/shared/copy.js';

/** Names never part of a task's content (caches and VCS folders). */
export function ignoredName(name: string): boolean {
  return (
    name === '.git' ||
    name === '__pycache__' ||
    name === '.pytest_cache' ||
    name === 'node_modules' ||
    name === '.DS_Store' ||
    name.endsWith('.pyc')
  );
}

export async function hashFolders(parts: Array<{ label: string; dir: string }>): Promise<string> {
  const h = createHash('sha256');
  h.update('atomic-skills-task-v1\0');
  for (const { label, dir } of parts) {
    const files = await listFiles(dir, ignoredName);
    h.update(`${label}\0${files.length}\0`);
    for (const f of files) {
      const data = await fs.readFile(path.join(dir, f));
      h.update(`${f}\0${data.length}\0`);
      h.update(data);
    }
  }
  return h.digest('hex');
}
