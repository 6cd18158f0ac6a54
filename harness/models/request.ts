// One model request as both providers send it: a rate-limiter slot, then attempts, each under a
// total deadline covering the body, retried on transient faults (retry.ts), with the number of
// attempts reported on the reply.
import type { ModelResponse } from '../core/messages.js';
import type { RateLimiter } from './rate-limit.js';
import { withDeadline } from './reply.js';
import { type ApiFailure, type RetryOptions, withRetries } from './retry.js';

export interface ApiSettings {
  /** e.g. anthropic/claude-sonnet-4-5, for messages. */
  id: string;
  /** The endpoint requests go to (named in errors). */
  url: string;
  /** Total deadline of one attempt, headers and body. */
  timeoutMs: number;
  /** Longest silence inside a body before the attempt counts as stalled. */
  stallMs: number;
  retry: RetryOptions;
  limiter: RateLimiter;
  /** Preflight: a host that cannot be reached is a configuration error. */
  connectIsFatal?: boolean;
}

export interface ApiCall {
  /** Rough size of the request in tokens, for a tokens-per-minute budget. */
  estimatedTokens: number;
  signal?: AbortSignal;
  /** Sends the request; resolves with the response once its headers are in (an APIError for non-2xx). */
  send(signal: AbortSignal): Promise<Response>;
  /** Reads and checks the body. */
  read(res: Response, signal: AbortSignal): Promise<ModelResponse>;
  classify(err: unknown): ApiFailure | null;
}

export async function requestReply(s: ApiSettings, call: ApiCall): Promise<ModelResponse> {
  let attempts = 0;
  const reply = await withRetries(
    s.id,
    async () => {
      attempts++;
      const slot = await s.limiter.acquire(call.estimatedTokens, call.signal);
      let tokens: number | undefined;
      try {
        const r = await withDeadline(s.timeoutMs, call.signal, async (signal) => call.read(await call.send(signal), signal));
        const u = r.usage;
        tokens = u.inputTokens + u.outputTokens + u.cacheReadTokens + u.cacheWriteTokens;
        s.limiter.onSuccess();
        return r;
      } finally {
        slot.release(tokens);
      }
    },
    call.classify,
    s.retry,
    { url: s.url, connectIsFatal: s.connectIsFatal, onRateLimited: () => s.limiter.onRateLimited() },
    call.signal,
  );
  return attempts > 1 ? { ...reply, attempts } : reply;
}

/** Rough token count of a request body (4 characters a token), for the per-minute budget. */
export function estimateTokens(body: unknown, maxOutputTokens: number): number {
  return Math.ceil(JSON.stringify(body).length / 4) + Math.min(maxOutputTokens, 1024);
}
