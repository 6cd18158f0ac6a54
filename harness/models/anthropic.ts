// ModelClient for Claude over the official SDK (Messages API). Uses Claude's own bash /
// text-editor tool types unless tool_style is json, marks prompt-cache breakpoints, and maps
// usage (including cache reads/writes) and tool_use blocks to our types. The SDK builds and
// sends the request (and turns HTTP errors into APIError); the reply, plain or streamed, is
// read by reply.ts under a deadline, so a hung or broken body cannot hold a trial.
import Anthropic from '@anthropic-ai/sdk';
import type { Message, ModelClient, ModelRequest, ModelResponse, NativeEditor, ToolCall, ToolName, ToolSpec } from '../core/messages.js';
import { messageFromEvents } from './anthropic-stream.js';
import { isClaude3, nativeEditorOf } from './claude-tools.js';
import { bodyChunks, isObject, readJson, sseEvents } from './reply.js';
import { AnthropicMessageShape, checkShape, jsonOrDescription } from './reply-shapes.js';
import { type ApiSettings, estimateTokens, requestReply } from './request.js';
import { type ApiFailure, connectionFailure } from './retry.js';

type Wire = Anthropic.Messages.MessageParam;
/** The tool kinds we send: custom JSON-schema tools and Claude's bash / editor types. */
type WireTool =
  | Anthropic.Messages.Tool
  | Anthropic.Messages.ToolBash20250124
  | Anthropic.Messages.ToolTextEditor20250124
  | Anthropic.Messages.ToolTextEditor20250728;
type Block = Anthropic.Messages.ContentBlockParam;

export interface AnthropicClientOptions {
  /** Model name without the provider prefix, e.g. claude-sonnet-4-5. */
  model: string;
  apiKey: string;
  /** The resolved endpoint (never left to the SDK's own environment lookup). */
  baseURL: string;
  maxTokens: number;
  temperature?: number;
  toolStyle: 'native' | 'json';
  /** Stream the reply (long generations). */
  stream: boolean;
  api: ApiSettings;
  /** Replaces the SDK's fetch (tests). */
  fetch?: typeof fetch;
  /** The SDK's notices (e.g. a deprecated model), passed on. */
  warn?: (message: string) => void;
}

const EPHEMERAL = { type: 'ephemeral' } as const;

/** The native tool declaration for one of our tools, and the name Claude will call it by. */
export function nativeTool(name: ToolName, model: string): WireTool {
  if (name === 'bash') return { type: 'bash_20250124', name: 'bash' };
  return isClaude3(model)
    ? { type: 'text_editor_20250124', name: 'str_replace_editor' }
    : { type: 'text_editor_20250728', name: 'str_replace_based_edit_tool' };
}

function jsonTool(spec: ToolSpec): WireTool {
  return { name: spec.name, description: spec.description, input_schema: spec.inputSchema as Anthropic.Messages.Tool.InputSchema };
}

export function classifyAnthropicError(err: unknown): ApiFailure | null {
  if (err instanceof Anthropic.APIUserAbortError) return { kind: 'aborted', message: err.message };
  if (err instanceof Anthropic.APIConnectionError) return connectionFailure(err);
  if (!(err instanceof Anthropic.APIError) || err.status === undefined) return null;
  const message = err.apiMessage ?? err.message;
  const contextOverflow = (err.status === 400 && /prompt is too long|context (window|length)/i.test(message)) || err.status === 413;
  return { kind: 'http', status: err.status, headers: err.headers, message, contextOverflow };
}

/** Runs fn with console.warn routed to `warn` (the SDK prints notices such as a model's
 * deprecation on every request, synchronously, from messages.create). */
function routingWarnings<T>(warn: ((message: string) => void) | undefined, fn: () => T): T {
  const original = console.warn;
  console.warn = (...args: unknown[]) => (warn ?? original)(args.map(String).join(' '));
  try {
    return fn();
  } finally {
    console.warn = original;
  }
}

/** A Messages API message as a ModelResponse; anything else in a 200 is a broken reply. */
function checkMessage(body: unknown): Anthropic.Messages.Message {
  return checkShape(AnthropicMessageShape, body, 'a Messages API message') as unknown as Anthropic.Messages.Message;
}

export class AnthropicModelClient implements ModelClient {
  readonly id: string;
  readonly nativeEditor?: NativeEditor;
  private readonly sdk: Anthropic;
  /** wire name → our name (Claude 3 calls the editor str_replace_editor). */
  private readonly fromWire = new Map<string, string>();
  private readonly toWire = new Map<string, string>();
  /** Thinking blocks of each tool-using reply, by its first tool call id. Newer Claude models
   * think by default, and the API wants those blocks back, unchanged, ahead of the tool_use
   * blocks; our provider-neutral Message has no place for them, so the client keeps them. */
  private readonly thinking = new Map<string, Block[]>();

  constructor(private readonly opts: AnthropicClientOptions) {
    this.id = `anthropic/${opts.model}`;
    if (opts.toolStyle === 'native') this.nativeEditor = nativeEditorOf(opts.model);
    // maxRetries 0: retries are ours (retry.ts), so they are bounded, counted and testable.
    // The key goes in x-api-key, as the Messages API documents (gateways check that header), and
    // no Authorization header; authToken null: never ANTHROPIC_AUTH_TOKEN from the environment.
    this.sdk = new Anthropic({
      apiKey: opts.apiKey,
      authToken: null,
      baseURL: opts.baseURL,
      maxRetries: 0,
      timeout: opts.api.timeoutMs,
      fetch: opts.fetch,
      defaultHeaders: { 'x-api-key': opts.apiKey, authorization: null },
    });
  }

  private tools(specs: ToolSpec[]): WireTool[] {
    const tools = specs.map((spec) => {
      const tool = this.opts.toolStyle === 'native' ? nativeTool(spec.name, this.opts.model) : jsonTool(spec);
      this.fromWire.set(tool.name, spec.name);
      this.toWire.set(spec.name, tool.name);
      return tool;
    });
    // A cache breakpoint on the last tool caches the whole tool block (tools come first).
    if (tools.length) tools[tools.length - 1] = { ...tools[tools.length - 1], cache_control: EPHEMERAL } as WireTool;
    return tools;
  }

  private messages(history: Message[]): Wire[] {
    const out: Wire[] = [];
    for (const m of history) {
      let msg: Wire;
      if (m.role === 'user') msg = { role: 'user', content: [{ type: 'text', text: m.content }] };
      else if (m.role === 'tool')
        msg = {
          role: 'user',
          content: m.results.map((r) => ({ type: 'tool_result', tool_use_id: r.callId, content: r.output, is_error: r.isError })),
        };
      else {
        const content: Block[] = [...(this.thinking.get(m.toolCalls[0]?.id ?? '') ?? [])];
        if (m.text) content.push({ type: 'text', text: m.text });
        for (const c of m.toolCalls)
          content.push({ type: 'tool_use', id: c.id, name: this.toWire.get(c.name) ?? c.name, input: c.input ?? {} });
        // The API refuses an empty assistant turn.
        if (!content.length) content.push({ type: 'text', text: '(no reply)' });
        msg = { role: 'assistant', content };
      }
      const prev = out[out.length - 1];
      // Consecutive same-role turns are merged: the API wants user/assistant alternation.
      if (prev && prev.role === msg.role) (prev.content as Block[]).push(...(msg.content as Block[]));
      else out.push(msg);
    }
    // A breakpoint on the newest block lets the next call read the whole conversation from cache.
    const last = out[out.length - 1];
    if (last && Array.isArray(last.content) && last.content.length) {
      const blocks = last.content as Block[];
      blocks[blocks.length - 1] = { ...blocks[blocks.length - 1], cache_control: EPHEMERAL } as Block;
    }
    return out;
  }

  async complete(req: ModelRequest): Promise<ModelResponse> {
    const tools = this.tools(req.tools);
    const params: Anthropic.Messages.MessageCreateParamsNonStreaming = {
      model: this.opts.model,
      max_tokens: this.opts.maxTokens,
      system: [{ type: 'text', text: req.system, cache_control: EPHEMERAL }],
      messages: this.messages(req.messages),
      ...(tools.length ? { tools } : {}),
      ...(this.opts.temperature !== undefined ? { temperature: this.opts.temperature } : {}),
    };
    const { stream, api } = this.opts;
    return requestReply(api, {
      estimatedTokens: estimateTokens(params, this.opts.maxTokens),
      signal: req.signal,
      send: (signal) =>
        routingWarnings(this.opts.warn, () =>
          stream ? this.sdk.messages.create({ ...params, stream: true }, { signal }) : this.sdk.messages.create(params, { signal }),
        ).asResponse(),
      read: async (res, signal) =>
        this.toResponse(
          checkMessage(
            stream ? await messageFromEvents(sseEvents(bodyChunks(res, signal, api.stallMs))) : await readJson(res, signal, api.stallMs),
          ),
        ),
      classify: classifyAnthropicError,
    });
  }

  private toResponse(res: Anthropic.Messages.Message): ModelResponse {
    const text: string[] = [];
    const toolCalls: ToolCall[] = [];
    const thinking: Block[] = [];
    for (const block of res.content) {
      if (block.type === 'text') text.push(block.text);
      else if (block.type === 'thinking') thinking.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
      else if (block.type === 'redacted_thinking') thinking.push({ type: 'redacted_thinking', data: block.data });
      else if (block.type === 'tool_use') {
        const ok = isObject(block.input);
        toolCalls.push({
          id: block.id,
          name: this.fromWire.get(block.name) ?? block.name,
          input: ok ? (block.input as Record<string, unknown>) : undefined,
          ...(ok ? {} : { rawInput: typeof block.input === 'string' ? block.input : jsonOrDescription(block.input) }),
        });
      }
    }
    if (thinking.length && toolCalls.length) this.thinking.set(toolCalls[0].id, thinking);
    const u = res.usage;
    const stopReason = res.stop_reason ?? 'unknown';
    return {
      text: text.join('\n'),
      toolCalls,
      stopReason,
      ...(stopReason === 'max_tokens' || stopReason === 'model_context_window_exceeded' ? { truncated: true } : {}),
      usage: {
        inputTokens: u.input_tokens ?? 0,
        outputTokens: u.output_tokens ?? 0,
        cacheReadTokens: u.cache_read_input_tokens ?? 0,
        cacheWriteTokens: u.cache_creation_input_tokens ?? 0,
      },
    };
  }
}
