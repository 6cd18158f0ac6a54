// Hidden test material a scorer adds to a sandbox: a folder copied over /testbed and/or the
// instance's test patch (which may create, change, rename or delete test files). Read on the
// host; a missing file is infrastructure (the task folder changed under us), a test patch that
// no longer applies to the base is the task's fault (GraderError).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { GraderError, InfraError } from '../../harness/core/errors.js';
import type { Sandbox } from '../../harness/core/sandbox.js';
import { copyHostDir } from './copy.js';
import { applyPatch, joinPatch, parsePatch } from './patch.js';

/** A hidden file of the task (gold patch, test patch, mutant…), or an InfraError. */
export async function readHidden(taskDir: string, rel: string): Promise<string> {
  try {
    return await fs.readFile(path.join(taskDir, rel), 'utf8');
  } catch (e) {
    throw new InfraError(`hidden file missing: ${path.join(taskDir, rel)}`, { cause: e });
  }
}

export interface HiddenTests {
  /** Absolute host folder copied over /testbed. */
  dir?: string;
  /** The test patch's text. */
  patch?: string;
}

/** Every repo path the test material touches (old and new names). */
export function hiddenTestPaths(h: HiddenTests, dirFiles: string[] = []): string[] {
  const out = new Set(dirFiles);
  for (const f of parsePatch(h.patch ?? '')) {
    if (f.oldPath) out.add(f.oldPath);
    if (f.newPath) out.add(f.newPath);
  }
  return [...out];
}

/** Adds the material to /testbed: the folder, then the patch (minus the files in `skip`,
 * e.g. those the agent's own reproduction already wrote). */
export async function addHiddenTests(sb: Sandbox, h: HiddenTests, skip: Set<string> = new Set()): Promise<void> {
  if (h.dir) {
    await fs.access(h.dir).catch((e) => {
      throw new InfraError(`hidden tests missing: ${h.dir}`, { cause: e });
    });
    await copyHostDir(sb, h.dir, '/testbed');
  }
  if (h.patch) {
    const sections = parsePatch(h.patch).filter((f) => !skip.has(f.newPath ?? '') && !skip.has(f.oldPath ?? ''));
    if (!sections.length) return;
    const applied = await applyPatch(sb, joinPatch(sections));
    if (!applied.applied) throw new GraderError('test_patch_does_not_apply', `the test patch does not apply: ${applied.error ?? ''}`);
  }
}
