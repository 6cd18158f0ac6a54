// The shape a 200 reply must have before the clients read it, for both providers: every field
// the clients use, with its type (token counts non-negative numbers, texts strings, tool calls
// with string ids and names). A reply that is JSON but not of this shape — a broken gateway, a
// hostile provider — is a TransportError naming the field, never a harness bug deeper in (a
// TypeError on `null.type`) and never a number that corrupts the spend (a usage of "lots" or -5).
import { z } from 'zod';
import { TransportError } from '../core/errors.js';

const count = z.number().nonnegative();
const text = z.string();

/** Anthropic content blocks the client reads; any other type is passed over. */
const KNOWN_BLOCKS = new Set(['text', 'tool_use', 'thinking', 'redacted_thinking']);
const AnthropicBlock = z.union([
  z.looseObject({ type: z.literal('text'), text }),
  z.looseObject({ type: z.literal('tool_use'), id: text, name: text, input: z.unknown() }),
  z.looseObject({ type: z.literal('thinking'), thinking: text, signature: text.optional() }),
  z.looseObject({ type: z.literal('redacted_thinking'), data: text }),
  z.looseObject({ type: z.string().refine((t) => !KNOWN_BLOCKS.has(t), 'a known block type with the wrong fields') }),
]);

export const AnthropicMessageShape = z.looseObject({
  content: z.array(AnthropicBlock),
  stop_reason: text.nullish(),
  usage: z.looseObject({
    input_tokens: count.nullish(),
    output_tokens: count.nullish(),
    cache_read_input_tokens: count.nullish(),
    cache_creation_input_tokens: count.nullish(),
  }),
});

const OpenAIToolCall = z.union([
  z.looseObject({ type: z.literal('function'), id: text, function: z.looseObject({ name: text, arguments: text }) }),
  z.looseObject({ type: z.string().refine((t) => t !== 'function', 'a function call without its fields'), id: text }),
]);

export const OpenAICompletionShape = z.looseObject({
  choices: z
    .array(
      z.looseObject({
        finish_reason: text.nullish(),
        message: z.looseObject({ content: text.nullish(), tool_calls: z.array(OpenAIToolCall).nullish() }),
      }),
    )
    .min(1),
  usage: z
    .looseObject({
      prompt_tokens: count.nullish(),
      completion_tokens: count.nullish(),
      prompt_tokens_details: z.looseObject({ cached_tokens: count.nullish() }).nullish(),
    })
    .nullish(),
});

/** `body` as the shape says, or a TransportError naming the first field that is not. */
export function checkShape<S extends z.ZodType>(shape: S, body: unknown, what: string): z.infer<S> {
  const r = shape.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue.path.length ? issue.path.join('.') : 'the body';
  throw new TransportError(`the reply is not ${what}: ${where}: ${issue.message}`);
}

/** The JSON of `value` for a message or a raw-arguments record; something JSON cannot write (too
 * deeply nested) is described instead of throwing. */
export function jsonOrDescription(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return `[a ${Array.isArray(value) ? 'list' : typeof value} too deeply nested to write as JSON]`;
  }
}

/** Index of a content block / choice / tool call in a stream: a small non-negative integer (a
 * huge one would make the client build a sparse array it then walks for minutes). */
export const MAX_STREAM_INDEX = 1024;
export function streamIndex(v: unknown, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= MAX_STREAM_INDEX)
    throw new TransportError(`the stream names a block index ${jsonOrDescription(v).slice(0, 40)} (expected 0 to ${MAX_STREAM_INDEX - 1})`);
  return v;
}
