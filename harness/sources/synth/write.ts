// Writing drafts as task folders: task.yaml (fields in a fixed order, provenance last) and the
// files each task names. Same drafts → same bytes.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { TaskDraft } from './drafts.js';

export function taskYaml(d: TaskDraft, repoName: string): string {
  const doc = {
    id: d.id,
    skill: d.skill,
    ...d.fields,
    provenance: { source: 'synthetic', instance: d.instance, repo: repoName, ...d.provenance, difficulty: d.difficulty },
  };
  return YAML.stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}

export async function writeTask(datasetDir: string, d: TaskDraft, repoName: string): Promise<void> {
  const dir = path.join(datasetDir, 'tasks', d.skill, d.id);
  await fs.mkdir(dir, { recursive: true });
  for (const [rel, content] of [...d.files.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const p = path.join(dir, rel);
    await fs.mkdir(path.dirname(p), { recursive: true });
    await fs.writeFile(p, content);
  }
  await fs.writeFile(path.join(dir, 'task.yaml'), taskYaml(d, repoName));
}

/** synthesis.json: what was asked and found — no timings, so the same inputs give the same bytes. */
export async function writeRecord(datasetDir: string, record: Record<string, unknown>): Promise<void> {
  await fs.writeFile(path.join(datasetDir, 'synthesis.json'), JSON.stringify(record, null, 2) + '\n');
}
