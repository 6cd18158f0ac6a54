// Provider-neutral conversation types. Providers translate to and from their wire format.

export type ToolName = 'bash' | 'str_replace_based_edit_tool';

export interface ToolCall {
  id: string;
  name: string;
  /** Parsed arguments; undefined when the model sent something that is not a JSON object. */
  input: Record<string, unknown> | undefined;
  /** The raw argument text when parsing failed (kept for the trajectory and the error). */
  rawInput?: string;
}

export interface ToolResult {
  callId: string;
  output: string;
  isError: boolean;
}

export type Message =
  { role: 'user'; content: string } | { role: 'assistant'; text: string; toolCalls: ToolCall[] } | { role: 'tool'; results: ToolResult[] };

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export const ZERO_USAGE: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  };
}

/** JSON-schema description of a tool, for providers that use plain function tools. */
export interface ToolSpec {
  name: ToolName;
  description: string;
  inputSchema: Record<string, unknown>;
}

export interface ModelRequest {
  system: string;
  messages: Message[];
  tools: ToolSpec[];
  signal?: AbortSignal;
}

export interface ModelResponse {
  text: string;
  toolCalls: ToolCall[];
  usage: Usage;
  stopReason: string;
  /** The reply was cut by the output-token limit (Anthropic max_tokens, OpenAI length). */
  truncated?: boolean;
  /** HTTP attempts this reply took when more than one (transient faults retried). */
  attempts?: number;
}

/** Anthropic's published text editor definitions a client can declare instead of our JSON
 * schema (the 20250728 one, named str_replace_based_edit_tool, has no undo_edit). */
export type NativeEditor = 'text_editor_20250124' | 'text_editor_20250728';

export interface ModelClient {
  /** e.g. "anthropic/claude-sonnet-4-5", "oracle". */
  readonly id: string;
  /** The native editor definition this client sends in place of the editor's JSON spec, if any:
   * the editor then accepts exactly that definition's commands. */
  readonly nativeEditor?: NativeEditor;
  complete(req: ModelRequest): Promise<ModelResponse>;
}
