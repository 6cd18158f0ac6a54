// A bounded retry loop shared by the API providers. We retry ourselves (the SDKs get
// maxRetries: 0) so the policy is one place, honours retry-after, and is testable with an
// injected sleep. What outlasts the retries, and any other API failure, becomes an InfraError.
import { AgentError, InfraError } from '../core/errors.js';

export interface RetryOptions {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff step; doubles each retry (with jitter). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest retry-after we obey (a server asking for more gets this). */
  maxRetryAfterMs?: number;
  /** Injected in tests so no real time passes. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** What a provider tells the loop about a thrown SDK error. */
export interface ApiFailure {
  /** HTTP status; undefined for a connection failure or timeout. */
  status?: number;
  headers?: { get(name: string): string | null };
  message: string;
  /** True when the request was cancelled by our own signal: rethrow as is. */
  aborted?: boolean;
  /** The conversation no longer fits the model's context: the agent's doing, not infra. */
  contextOverflow?: boolean;
}

export function isRetryableStatus(status: number | undefined): boolean {
  // undefined = connection error/timeout; 408/409 are transient per both vendors' docs;
  // 429 rate limit; 5xx including Anthropic's 529 "overloaded".
  return status === undefined || status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Milliseconds the server asked us to wait, from retry-after-ms or retry-after (seconds or a date). */
export function retryAfterMs(headers: ApiFailure['headers'], now = Date.now()): number | undefined {
  const ms = Number(headers?.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const secs = Number(raw);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export const realSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Runs `attempt` until it succeeds, a non-retryable failure, or the retries run out. */
export async function withRetries<T>(
  label: string,
  attempt: () => Promise<T>,
  classify: (err: unknown) => ApiFailure | null,
  opts: RetryOptions,
  signal?: AbortSignal,
): Promise<T> {
  const { baseDelayMs = 1000, maxDelayMs = 60_000, maxRetryAfterMs = 120_000, sleep = realSleep } = opts;
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (err) {
      const failure = classify(err);
      if (!failure) throw err; // not an API error: a bug of ours, let it surface
      if (failure.aborted) throw err;
      if (failure.contextOverflow) throw new AgentError('context_length', `${label}: ${failure.message}`);
      const what = failure.status === undefined ? 'connection failed' : `HTTP ${failure.status}`;
      if (!isRetryableStatus(failure.status)) {
        throw new InfraError(`${label}: ${what}: ${failure.message}`, { cause: err });
      }
      if (tries >= opts.maxRetries) {
        throw new InfraError(`${label}: ${what} after ${tries + 1} attempts: ${failure.message}`, { cause: err });
      }
      const asked = retryAfterMs(failure.headers);
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** tries) * (0.75 + Math.random() * 0.5);
      await sleep(asked !== undefined ? Math.min(asked, maxRetryAfterMs) : backoff, signal);
    }
  }
}
