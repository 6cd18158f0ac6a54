// Oracle helpers: turn a host folder of gold files into editor-tool "create" calls, exactly
// as a model would write them (the editor's create does not make folders, so a model — and the
// oracle — makes the missing ones with bash first).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { OracleStep } from '../../harness/core/skill.js';
import { listFiles } from '../../harness/core/files.js';
import { shq } from './paths.js';

export async function createFileSteps(hostDir: string, destDir = '/testbed'): Promise<OracleStep[]> {
  const files = await listFiles(hostDir);
  const folders = [...new Set(files.map((f) => path.posix.dirname(f)).filter((d) => d !== '.'))];
  const mkdir: OracleStep[] = folders.length
    ? [{ tool: 'bash', input: { command: `mkdir -p -- ${folders.map((d) => shq(`${destDir}/${d}`)).join(' ')}` } }]
    : [];
  const creates = await Promise.all(
    files.map(async (f) => ({
      tool: 'str_replace_based_edit_tool' as const,
      input: { command: 'create', path: `${destDir}/${f}`, file_text: await fs.readFile(path.join(hostDir, f), 'utf8') },
    })),
  );
  return [...mkdir, ...creates];
}
