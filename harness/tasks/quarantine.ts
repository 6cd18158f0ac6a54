// <dataset>/quarantine.yaml: tasks excluded from runs, each with the reason a person can check
// (written by `validate`, honoured by `run` unless --include-quarantined).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import YAML from 'yaml';
import { readInput } from '../core/input.js';

export const QUARANTINE_FILE = 'quarantine.yaml';

const EntrySchema = z
  .object({
    id: z.string().min(1),
    reason: z.string().min(1),
    details: z.array(z.string()).optional(),
  })
  .strict();
export type QuarantineEntry = z.infer<typeof EntrySchema>;

const FileSchema = z.array(EntrySchema);

/** The dataset's quarantine list by task id (empty when there is no file). */
export async function readQuarantine(datasetDir: string): Promise<Map<string, QuarantineEntry>> {
  const file = path.join(datasetDir, QUARANTINE_FILE);
  const present = await fs.stat(file).then(
    (st) => st.isFile(),
    () => false,
  );
  if (!present) return new Map();
  const entries = await readInput(file, FileSchema, { format: 'yaml', label: QUARANTINE_FILE, empty: [] });
  return new Map(entries.map((e) => [e.id, e]));
}

/** Rewrites the quarantine list: entries of `checked` tasks are replaced by `entries`; entries of
 * tasks not checked this time are kept. Returns the full list written. */
export async function updateQuarantine(
  datasetDir: string,
  checked: Iterable<string>,
  entries: QuarantineEntry[],
): Promise<QuarantineEntry[]> {
  const current = await readQuarantine(datasetDir);
  for (const id of checked) current.delete(id);
  for (const e of entries) current.set(e.id, e);
  const all = [...current.values()].sort((a, b) => a.id.localeCompare(b.id));
  const file = path.join(datasetDir, QUARANTINE_FILE);
  if (all.length === 0) {
    await fs.rm(file, { force: true });
    return all;
  }
  const header = '# Tasks left out of runs (atomic-skills validate writes this file; run --include-quarantined runs them).\n';
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, header + YAML.stringify(all, { lineWidth: 0 }));
  await fs.rename(tmp, file);
  return all;
}
