// Which of Anthropic's published editor definitions a Claude model gets. Apart from the client
// (which loads the SDK on first use) so a configuration's editor dialect is known up front.
import type { NativeEditor } from '../core/messages.js';

/** Claude 3.x models know the January 2025 editor under another name; Claude 4+ the newest. */
export function isClaude3(model: string): boolean {
  return /^claude-(?:[a-z]+-)?3(?![0-9])/.test(model);
}

/** The editor definition the Anthropic client declares for a model with native tools. */
export function nativeEditorOf(model: string): NativeEditor {
  return isClaude3(model) ? 'text_editor_20250124' : 'text_editor_20250728';
}
