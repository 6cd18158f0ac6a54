// Per agent configuration: how many requests may be in flight, and how many requests and
// tokens per minute may be sent. Concurrency adapts: every 429 halves it (down to one), and
// it grows back by one after as many successes in a row as the current limit (additive
// increase, multiplicative decrease). One limiter is shared by every trial of a configuration.
import { realSleep } from './retry.js';

export interface RateLimits {
  maxConcurrency?: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
}

/** Ceiling for the adaptive limit when no max_concurrency is configured. */
const UNBOUNDED = 1024;
const WINDOW_MS = 60_000;

export interface Slot {
  /** Frees the slot; `tokens` replaces the estimate in the per-minute window. */
  release(tokens?: number): void;
}

export class RateLimiter {
  private limit: number;
  private active = 0;
  private streak = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly sent: { at: number; tokens: number }[] = [];

  constructor(
    private readonly limits: RateLimits = {},
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = realSleep,
  ) {
    this.limit = limits.maxConcurrency ?? UNBOUNDED;
  }

  /** The concurrency allowed right now. */
  get concurrency(): number {
    return this.limit;
  }

  /** Waits for a concurrency slot and room in the per-minute budgets. */
  async acquire(estimatedTokens: number, signal?: AbortSignal): Promise<Slot> {
    await this.takeSlot(signal);
    try {
      await this.waitForWindow(estimatedTokens, signal);
    } catch (err) {
      this.freeSlot();
      throw err;
    }
    const entry = { at: this.now(), tokens: estimatedTokens };
    this.sent.push(entry);
    let released = false;
    return {
      release: (tokens?: number) => {
        if (released) return;
        released = true;
        if (tokens !== undefined) entry.tokens = tokens;
        this.freeSlot();
      },
    };
  }

  /** A 429: halve the concurrency (the requests in flight when it came count as the current level). */
  onRateLimited(): void {
    this.limit = Math.max(1, Math.floor(Math.min(this.limit, Math.max(this.active, 1)) / 2));
    this.streak = 0;
  }

  onSuccess(): void {
    const ceiling = this.limits.maxConcurrency ?? UNBOUNDED;
    if (this.limit >= ceiling) return;
    if (++this.streak >= this.limit) {
      this.limit++;
      this.streak = 0;
      this.wake();
    }
  }

  private takeSlot(signal?: AbortSignal): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiting.indexOf(go);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal?.reason as Error);
      };
      const go = () => {
        signal?.removeEventListener('abort', onAbort);
        this.active++;
        resolve();
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(go);
    });
  }

  private freeSlot(): void {
    this.active--;
    this.wake();
  }

  private wake(): void {
    while (this.active < this.limit && this.waiting.length) this.waiting.shift()!();
  }

  private async waitForWindow(tokens: number, signal?: AbortSignal): Promise<void> {
    const { requestsPerMinute: rpm, tokensPerMinute: tpm } = this.limits;
    if (!rpm && !tpm) return;
    for (;;) {
      const now = this.now();
      while (this.sent.length && this.sent[0].at <= now - WINDOW_MS) this.sent.shift();
      const used = this.sent.reduce((sum, e) => sum + e.tokens, 0);
      const rpmFull = rpm !== undefined && this.sent.length >= rpm;
      // A request bigger than the whole budget goes alone once the window is empty.
      const tpmFull = tpm !== undefined && this.sent.length > 0 && used + tokens > tpm;
      if (!rpmFull && !tpmFull) return;
      await this.sleep(Math.max(1, this.sent[0].at + WINDOW_MS - now), signal);
    }
  }
}
