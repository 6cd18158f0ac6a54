// Metrics every trial records whatever its skill: the share of each tool's calls that came
// back as errors (null when the tool was not used), read from the trajectory.
import type { ToolName } from '../core/messages.js';
import type { Trajectory } from '../core/trajectory.js';

/** Metric name per tool (this order is the order in results.jsonl). */
const METRIC: Record<ToolName, string> = {
  str_replace_based_edit_tool: 'editor_error_rate',
  bash: 'bash_error_rate',
};

export function toolErrorRates(trajectory: Trajectory): Record<string, number | null> {
  const count = new Map<string, { calls: number; errors: number }>();
  for (const tool of Object.keys(METRIC)) count.set(tool, { calls: 0, errors: 0 });
  for (const step of trajectory.steps) {
    for (const o of step.observations) {
      const c = count.get(o.tool);
      if (!c) continue;
      c.calls++;
      if (o.isError) c.errors++;
    }
  }
  const out: Record<string, number | null> = {};
  for (const [tool, metric] of Object.entries(METRIC)) {
    const { calls, errors } = count.get(tool)!;
    out[metric] = calls === 0 ? null : errors / calls;
  }
  return out;
}
