// Oracle helpers: turn a host folder of gold files into tool calls, exactly as a model would
// make them: the editor's `create` for a new file (its missing folders made with bash first:
// `create` does not make folders); for a file the repository already has (which `create` never
// overwrites), `create` at a scratch path and a `cp` over the original.
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { OracleStep } from '../../harness/core/skill.js';
import { listFiles } from '../../harness/core/files.js';
import { shq } from './paths.js';

const SCRATCH = '/tmp/atomic-skills-oracle';

/** Steps writing every file of `hostDir` under /testbed. `repoDir` (the task's materialised
 * repo) tells which files exist already; without it every file is treated as existing. */
export async function writeFileSteps(hostDir: string, repoDir: string | undefined): Promise<OracleStep[]> {
  const files = await listFiles(hostDir);
  const exists = (f: string) => repoDir === undefined || existsSync(path.join(repoDir, f));
  const target = (f: string) => (exists(f) ? `${SCRATCH}/${f}` : `/testbed/${f}`);
  const folders = [...new Set(files.map((f) => path.posix.dirname(target(f))))];
  const steps: OracleStep[] = [{ tool: 'bash', input: { command: `mkdir -p -- ${folders.map(shq).join(' ')}` } }];
  for (const f of files) {
    const text = await fs.readFile(path.join(hostDir, f), 'utf8');
    steps.push({ tool: 'str_replace_based_edit_tool', input: { command: 'create', path: target(f), file_text: text } });
    if (exists(f)) {
      const dest = `/testbed/${f}`;
      steps.push({
        tool: 'bash',
        input: { command: `mkdir -p -- ${shq(path.posix.dirname(dest))} && cp ${shq(target(f))} ${shq(dest)} && rm -f ${shq(target(f))}` },
      });
    }
  }
  return files.length ? steps : [];
}

/** Steps applying a patch as a model would: the editor writes it to /tmp, bash applies it. */
export function applyPatchSteps(patch: string, name = 'gold.patch'): OracleStep[] {
  const file = `/tmp/${name}`;
  return [
    { tool: 'str_replace_based_edit_tool', input: { command: 'create', path: file, file_text: patch } },
    { tool: 'bash', input: { command: `cd /testbed && git apply ${file} && rm ${file}` } },
  ];
}

/** The reference tests as steps: the files of `gold_tests`, or else the task's test patch applied. */
export async function referenceTestSteps(
  taskDir: string,
  t: { gold_tests?: string; test_patch?: string },
  repoDir: string | undefined,
): Promise<OracleStep[]> {
  if (t.gold_tests) return writeFileSteps(path.join(taskDir, t.gold_tests), repoDir);
  if (t.test_patch) return applyPatchSteps(await fs.readFile(path.join(taskDir, t.test_patch), 'utf8'), 'test.patch');
  return [];
}
