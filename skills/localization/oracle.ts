// The localization oracle answers with the gold files (and functions) directly.
import type { OracleScript } from '../../harness/core/skill.js';
import type { LoadedTask } from '../../harness/core/task.js';
import type { LocalizationTask } from './schema.js';

export async function localizationOracle(loaded: LoadedTask<LocalizationTask>): Promise<OracleScript> {
  const t = loaded.task;
  const answer: Record<string, string[]> = { files: t.gold_files };
  if (t.gold_functions) answer.functions = t.gold_functions;
  return { steps: [], finalAnswer: `\`\`\`json\n${JSON.stringify(answer)}\n\`\`\`` };
}
