// Oracle helpers: turn a host folder of gold files into editor-tool "create" calls, exactly
// as a model would write them.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { OracleStep } from '../../harness/core/skill.js';
import { listFiles } from './copy.js';

export async function createFileSteps(hostDir: string, destDir = '/testbed'): Promise<OracleStep[]> {
  const files = await listFiles(hostDir);
  return Promise.all(
    files.map(async (f) => ({
      tool: 'str_replace_based_edit_tool' as const,
      input: { command: 'create', path: `${destDir}/${f}`, file_text: await fs.readFile(path.join(hostDir, f), 'utf8') },
    })),
  );
}
