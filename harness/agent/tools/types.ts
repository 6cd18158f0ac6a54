// The agent's tool surface: what the loop needs from the tools, nothing more.
import type { NativeEditor, ToolCall, ToolName, ToolResult, ToolSpec } from '../../core/messages.js';
import type { Sandbox } from '../../core/sandbox.js';

export interface ToolBoxOptions {
  /** Which tools the agent has: bash alone (mini-swe-agent setting) or both. */
  enabled: ToolName[];
  /** Per-command timeout for bash. */
  bashTimeoutMs: number;
  /** Bytes of stdout/stderr kept per bash call (head and tail). */
  outputCapBytes: number;
  /** stateless: each call a fresh `bash -lc`; session: cwd and exported variables persist. */
  bashMode: 'stateless' | 'session';
  /** The editor definition the model was given (default json: our own schema, every command). */
  editorDialect?: NativeEditor | 'json';
}

export interface ToolBox {
  /** JSON-schema specs of the enabled tools, in a stable order. */
  readonly specs: ToolSpec[];
  /** Runs one call. Malformed calls and tool failures come back as isError results, never throws
   * for agent mistakes; throws only on sandbox (infrastructure) failure. */
  run(call: ToolCall): Promise<ToolResult>;
}

export type CreateToolBox = (sandbox: Sandbox, options: ToolBoxOptions) => ToolBox;
