// Optional: a model rewrites the templated agent-facing texts into natural issue prose. Off by
// default; the templates stand alone, so any failure keeps the template.
import type { TaskDraft } from './drafts.js';

export async function rewriteTexts(drafts: TaskDraft[], agentConfigPath: string, log: (line: string) => void): Promise<void> {
  void drafts;
  log(`writer: ${agentConfigPath}: not used`);
}
