// The review oracle answers with the label and a comment on every known defect line.
import type { OracleScript } from '../../harness/core/skill.js';
import type { LoadedTask } from '../../harness/core/task.js';
import type { ReviewTask } from './schema.js';

export async function reviewOracle(loaded: LoadedTask<ReviewTask>): Promise<OracleScript> {
  const t = loaded.task;
  const comments = (t.defect_lines ?? []).map((d) => ({ path: d.path, line: d.line, body: 'The defect is here.' }));
  return { steps: [], finalAnswer: JSON.stringify({ verdict: t.label, comments }) };
}
