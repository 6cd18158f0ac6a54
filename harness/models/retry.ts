// How the API providers sort a failed request, and the one bounded retry loop they share.
// We retry ourselves (the SDKs get maxRetries: 0) so the policy is in one place, honours
// retry-after (with jitter), feeds the rate limiter, and is testable with an injected sleep.
//   transient (connection reset, timeout, stalled or cut body, 408/409/429/5xx) → retried, then TransportError
//   configuration (401/403/404/400…, an unreachable host when `connectIsFatal`) → ConfigError at once
//   the agent's doing (the conversation outgrew the context) → AgentError
//   our own signal → rethrown as is; anything unrecognised → rethrown as is (a bug: internal_error)
import { AgentError, ConfigError, TransportError } from '../core/errors.js';

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
  /** Injected in tests: a number in [0, 1). */
  random?: () => number;
}

/** What a provider tells the retry loop about a failed attempt. */
export interface ApiFailure {
  kind: 'aborted' | 'http' | 'connect' | 'transport';
  /** HTTP status for kind 'http'. */
  status?: number;
  headers?: { get(name: string): string | null };
  message: string;
  /** The conversation no longer fits the model's context: the agent's doing, not infra. */
  contextOverflow?: boolean;
}

export interface RetryHooks {
  /** Where the request goes (named in connection errors). */
  url: string;
  /** A connection that cannot be made is a configuration error (the preflight), not a transient one. */
  connectIsFatal?: boolean;
  /** Told about every 429 (the rate limiter lowers its concurrency). */
  onRateLimited?: () => void;
  /** Told about every retry, with the reason. */
  onRetry?: (attempt: number, reason: string, delayMs: number) => void;
}

export function isRetryableStatus(status: number): boolean {
  // 408/409 are transient per both vendors' docs; 429 rate limit; 5xx including Anthropic's 529 "overloaded".
  return status === 408 || status === 409 || status === 429 || status >= 500;
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
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Network error codes, found anywhere in an error's cause chain. */
const CONNECT_CODES = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL|ERR_INVALID_URL|UND_ERR_CONNECT_TIMEOUT)$/;

/** The first `code` in the cause chain (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET…) and the deepest message. */
export function networkCause(err: unknown): { code?: string; message: string } {
  let code: string | undefined;
  let message = err instanceof Error ? err.message : String(err);
  let cur: unknown = err;
  for (let depth = 0; depth < 8 && cur && typeof cur === 'object'; depth++) {
    const c = cur as { code?: unknown; message?: unknown; cause?: unknown };
    if (!code && typeof c.code === 'string') code = c.code;
    if (typeof c.message === 'string' && c.message) message = c.message;
    cur = c.cause;
  }
  return { code, message };
}

/** A connection failure as kind 'connect' (the host cannot be reached) or 'transport' (a reset). */
export function connectionFailure(err: unknown): ApiFailure {
  const { code, message } = networkCause(err);
  return { kind: code && CONNECT_CODES.test(code) ? 'connect' : 'transport', message: code ? `${code}: ${message}` : message };
}

/** Runs `attempt` until it succeeds, a failure that is not transient, or the retries run out. */
export async function withRetries<T>(
  label: string,
  attempt: () => Promise<T>,
  classify: (err: unknown) => ApiFailure | null,
  opts: RetryOptions,
  hooks: RetryHooks,
  signal?: AbortSignal,
): Promise<T> {
  const { baseDelayMs = 1000, maxDelayMs = 60_000, maxRetryAfterMs = 120_000, sleep = realSleep, random = Math.random } = opts;
  for (let tries = 0; ; tries++) {
    let failure: ApiFailure | null;
    let err: unknown;
    try {
      return await attempt();
    } catch (e) {
      if (signal?.aborted) throw e; // the trial's deadline or the run's stop: not the API's failure
      err = e;
      // Our own transport checks (deadline, stall, bad body) throw TransportError directly.
      failure = e instanceof TransportError ? { kind: 'transport', message: e.message } : classify(e);
    }
    if (!failure || failure.kind === 'aborted') throw err; // a bug of ours, or our own signal
    if (failure.contextOverflow) throw new AgentError('context_length', `${label}: ${failure.message}`);
    let what: string;
    if (failure.kind === 'http') {
      const status = failure.status!;
      what = `HTTP ${status} from ${hooks.url}`;
      if (!isRetryableStatus(status)) throw new ConfigError(`${label}: ${what}: ${failure.message}`, { cause: err });
      if (status === 429) hooks.onRateLimited?.();
    } else if (failure.kind === 'connect') {
      what = `cannot connect to ${hooks.url}`;
      if (hooks.connectIsFatal) throw new ConfigError(`${label}: ${what}: ${failure.message}`, { cause: err });
    } else what = `transport error with ${hooks.url}`;
    if (tries >= opts.maxRetries) {
      throw new TransportError(`${label}: ${what} after ${tries + 1} attempt${tries ? 's' : ''}: ${failure.message}`, { cause: err });
    }
    const asked = retryAfterMs(failure.headers);
    // Jitter spreads the retries of many trials; on retry-after it only ever adds (never earlier than asked).
    const delay =
      asked !== undefined
        ? Math.min(asked, maxRetryAfterMs) * (1 + random() * 0.2)
        : Math.min(maxDelayMs, baseDelayMs * 2 ** tries) * (0.75 + random() * 0.5);
    hooks.onRetry?.(tries + 1, `${what}: ${failure.message}`, delay);
    await sleep(delay, signal);
  }
}
