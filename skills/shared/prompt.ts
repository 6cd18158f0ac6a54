// Pieces every task message shares: task text is set apart in tags so the agent can tell the
// task's own words from the harness's instructions.

/** `<tag>`, the trimmed text, `</tag>`: three lines of a prompt. */
export function tagged(tag: string, text: string): string[] {
  return [`<${tag}>`, text.trim(), `</${tag}>`];
}
