// Locating a run's files for the renderers: results.jsonl is required, run.json optional.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { InputError } from '../harness/core/errors.js';
import type { RunMeta } from '../harness/results/schema.js';
import { RESULTS_JSONL, RUN_JSON, readRunMeta, type Warn } from '../harness/results/store.js';

/** run.json if present and valid; a warning (not an error) when it is missing. */
export async function loadMetaIfAny(runDir: string, warn: Warn): Promise<RunMeta | null> {
  try {
    await fs.access(path.join(runDir, RUN_JSON));
  } catch {
    warn(`${path.join(runDir, RUN_JSON)} is missing: the report will lack run metadata`);
    return null;
  }
  return readRunMeta(runDir);
}

/** Fails with an InputError naming the file when the run dir has no results.jsonl. */
export async function requireResults(runDir: string): Promise<void> {
  const file = path.join(runDir, RESULTS_JSONL);
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) throw new Error('not a file');
  } catch (err) {
    throw new InputError(file, '', `no results here (${(err as Error).message})`);
  }
}
