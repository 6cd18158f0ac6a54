// ModelClient for OpenAI Chat Completions over the official SDK, also used for
// OpenAI-compatible servers (vLLM, SGLang, Ollama, llama.cpp) through base_url.
// Tools are plain JSON-schema functions; arguments that are not a JSON object are kept raw.
import OpenAI from 'openai';
import type { Message, ModelClient, ModelRequest, ModelResponse, ToolCall } from '../core/messages.js';
import { InfraError } from '../core/errors.js';
import { type ApiFailure, type RetryOptions, withRetries } from './retry.js';

type Wire = OpenAI.Chat.Completions.ChatCompletionMessageParam;

export interface OpenAIClientOptions {
  /** Model name without the provider prefix, e.g. gpt-4.1 or Qwen/Qwen2.5-Coder-32B-Instruct. */
  model: string;
  apiKey: string;
  baseURL?: string;
  maxTokens: number;
  temperature?: number;
  timeoutMs: number;
  retry: RetryOptions;
}

export function classifyOpenAIError(err: unknown): ApiFailure | null {
  if (err instanceof OpenAI.APIUserAbortError) return { message: err.message, aborted: true };
  if (!(err instanceof OpenAI.APIError)) return null;
  const contextOverflow =
    err.status === 400 &&
    (err.code === 'context_length_exceeded' || /maximum context length|context length|too many tokens/i.test(err.message));
  return { status: err.status, headers: err.headers, message: err.message, contextOverflow };
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
    this.sdk = new OpenAI({ apiKey: opts.apiKey, baseURL: opts.baseURL, maxRetries: 0, timeout: opts.timeoutMs });
  }

  async complete(req: ModelRequest): Promise<ModelResponse> {
    // OpenAI's own API wants max_completion_tokens (reasoning models refuse max_tokens);
    // compatible servers have long understood max_tokens, so they get that.
    const official = !this.opts.baseURL || /^https:\/\/api\.openai\.com\b/.test(this.opts.baseURL);
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
    const res = await withRetries(
      this.id,
      () => this.sdk.chat.completions.create(params, { signal: req.signal }),
      classifyOpenAIError,
      this.opts.retry,
      req.signal,
    );
    const choice = res.choices?.[0];
    if (!choice) throw new InfraError(`${this.id}: response without choices`);
    const toolCalls: ToolCall[] = (choice.message.tool_calls ?? []).map((c) => {
      if (c.type !== 'function') return { id: c.id, name: 'custom', input: undefined, rawInput: JSON.stringify(c) };
      const input = parseArguments(c.function.arguments);
      return { id: c.id, name: c.function.name, input, ...(input ? {} : { rawInput: c.function.arguments }) };
    });
    const u = res.usage;
    const cached = u?.prompt_tokens_details?.cached_tokens ?? 0;
    return {
      text: choice.message.content ?? '',
      toolCalls,
      stopReason: choice.finish_reason ?? 'unknown',
      usage: {
        // prompt_tokens includes the cached ones; ours are uncached (see pricing.ts).
        inputTokens: Math.max(0, (u?.prompt_tokens ?? 0) - cached),
        outputTokens: u?.completion_tokens ?? 0,
        cacheReadTokens: cached,
        cacheWriteTokens: 0,
      },
    };
  }
}
