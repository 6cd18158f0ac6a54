// ModelClient for OpenAI Chat Completions over the official SDK, also used for
// OpenAI-compatible servers (vLLM, SGLang, Ollama, llama.cpp) through base_url.
// Tools are plain JSON-schema functions; arguments that are not a JSON object are kept raw.
// The SDK sends the request; the reply, plain or streamed, is read by reply.ts under a deadline.
import OpenAI from 'openai';
import type { Message, ModelClient, ModelRequest, ModelResponse, ToolCall } from '../core/messages.js';
import { completionFromEvents } from './openai-stream.js';
import { bodyChunks, readJson, sseEvents } from './reply.js';
import { OpenAICompletionShape, checkShape, jsonOrDescription } from './reply-shapes.js';
import { type ApiSettings, estimateTokens, requestReply } from './request.js';
import { type ApiFailure, connectionFailure } from './retry.js';

type Wire = OpenAI.Chat.Completions.ChatCompletionMessageParam;

export interface OpenAIClientOptions {
  /** Model name without the provider prefix, e.g. gpt-4.1 or Qwen/Qwen2.5-Coder-32B-Instruct. */
  model: string;
  apiKey: string;
  /** The resolved endpoint (never left to the SDK's own environment lookup). */
  baseURL: string;
  maxTokens: number;
  temperature?: number;
  /** Stream the reply (long generations). */
  stream: boolean;
  api: ApiSettings;
  /** Replaces the SDK's fetch (tests). */
  fetch?: typeof fetch;
}

export function classifyOpenAIError(err: unknown): ApiFailure | null {
  if (err instanceof OpenAI.APIUserAbortError) return { kind: 'aborted', message: err.message };
  if (err instanceof OpenAI.APIConnectionError) return connectionFailure(err);
  if (!(err instanceof OpenAI.APIError) || err.status === undefined) return null;
  const contextOverflow =
    ((err.status === 400 || err.status === 422) &&
      (err.code === 'context_length_exceeded' || /maximum context length|context length|too many tokens/i.test(err.message))) ||
    err.status === 413;
  return { kind: 'http', status: err.status, headers: err.headers, message: err.message, contextOverflow };
}

/** A chat completion with at least one choice; anything else in a 200 is a broken reply. */
function checkCompletion(body: unknown): OpenAI.Chat.Completions.ChatCompletion {
  return checkShape(OpenAICompletionShape, body, 'a chat completion with a choice') as unknown as OpenAI.Chat.Completions.ChatCompletion;
}

/** Parses tool-call arguments; anything but a JSON object is malformed (the loop reports it). */
export function parseArguments(raw: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function toWire(system: string, history: Message[]): Wire[] {
  const out: Wire[] = [{ role: 'system', content: system }];
  for (const m of history) {
    if (m.role === 'user') out.push({ role: 'user', content: m.content });
    else if (m.role === 'tool') for (const r of m.results) out.push({ role: 'tool', tool_call_id: r.callId, content: r.output });
    else
      out.push({
        role: 'assistant',
        content: m.text || null,
        ...(m.toolCalls.length
          ? {
              tool_calls: m.toolCalls.map((c) => ({
                id: c.id,
                type: 'function' as const,
                // Echo what the model sent, even when malformed, so it can see its mistake.
                function: { name: c.name, arguments: c.rawInput ?? JSON.stringify(c.input ?? {}) },
              })),
            }
          : {}),
      });
  }
  return out;
}

export class OpenAIModelClient implements ModelClient {
  readonly id: string;
  private readonly sdk: OpenAI;

  constructor(private readonly opts: OpenAIClientOptions) {
    this.id = `openai/${opts.model}`;
    this.sdk = new OpenAI({ apiKey: opts.apiKey, baseURL: opts.baseURL, maxRetries: 0, timeout: opts.api.timeoutMs, fetch: opts.fetch });
  }

  async complete(req: ModelRequest): Promise<ModelResponse> {
    // OpenAI's own API wants max_completion_tokens (reasoning models refuse max_tokens);
    // compatible servers have long understood max_tokens, so they get that.
    const official = /^https:\/\/api\.openai\.com\b/.test(this.opts.baseURL);
    const limit = !official ? { max_tokens: this.opts.maxTokens } : { max_completion_tokens: this.opts.maxTokens };
    const params: OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming = {
      model: this.opts.model,
      messages: toWire(req.system, req.messages),
      ...limit,
      ...(req.tools.length
        ? {
            tools: req.tools.map((t) => ({
              type: 'function' as const,
              function: { name: t.name, description: t.description, parameters: t.inputSchema },
            })),
          }
        : {}),
      ...(this.opts.temperature !== undefined ? { temperature: this.opts.temperature } : {}),
    };
    const { stream, api } = this.opts;
    return requestReply(api, {
      estimatedTokens: estimateTokens(params, this.opts.maxTokens),
      signal: req.signal,
      send: (signal) =>
        (stream
          ? this.sdk.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } }, { signal })
          : this.sdk.chat.completions.create(params, { signal })
        ).asResponse(),
      read: async (res, signal) =>
        toResponse(
          checkCompletion(
            stream ? await completionFromEvents(sseEvents(bodyChunks(res, signal, api.stallMs))) : await readJson(res, signal, api.stallMs),
          ),
        ),
      classify: classifyOpenAIError,
    });
  }
}

function toResponse(res: OpenAI.Chat.Completions.ChatCompletion): ModelResponse {
  const choice = res.choices[0];
  const toolCalls: ToolCall[] = (choice.message.tool_calls ?? []).map((c) => {
    if (c.type !== 'function') return { id: c.id, name: 'custom', input: undefined, rawInput: jsonOrDescription(c) };
    const input = parseArguments(c.function.arguments);
    return { id: c.id, name: c.function.name, input, ...(input ? {} : { rawInput: c.function.arguments }) };
  });
  const u = res.usage;
  const cached = u?.prompt_tokens_details?.cached_tokens ?? 0;
  const stopReason = choice.finish_reason ?? 'unknown';
  return {
    text: choice.message.content ?? '',
    toolCalls,
    stopReason,
    ...(stopReason === 'length' ? { truncated: true } : {}),
    usage: {
      // prompt_tokens includes the cached ones; ours are uncached (see pricing.ts).
      inputTokens: Math.max(0, (u?.prompt_tokens ?? 0) - cached),
      outputTokens: u?.completion_tokens ?? 0,
      cacheReadTokens: cached,
      cacheWriteTokens: 0,
    },
  };
}
