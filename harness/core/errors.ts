// Error kinds that decide a trial's outcome. One place, so every layer throws the same ones:
//   TransportError / InfraError → retried with backoff, then `infra_error` (never the agent's 0)
//   ConfigError                → fatal for that agent configuration: no retry, the run exits non-zero
//   AgentError                 → the agent's doing (a limit, a rule, context overflow): `agent_error`, scores 0
//   StoppedError               → the run stopped the trial (budget, Ctrl-C): recorded, resumable
//   anything else              → a harness bug: `internal_error`, reported loudly, never retried

/** The sandbox, daemon, or network to the model failed: retried, never counted as a failure. */
export class InfraError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InfraError';
  }
}

/** A fault in talking to a model that a retry can cure: a reset connection, a body cut off,
 * stalled or not valid JSON, an empty reply, a timeout, a 429/5xx. */
export class TransportError extends InfraError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
  }
}

/** An agent configuration that cannot work: a missing key, 401/403, an unknown model, a request
 * the API rejects as invalid, an unreachable endpoint. Retrying only burns time and money. */
export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** The agent broke a rule or hit a limit: counts as a failed trial. */
export class AgentError extends Error {
  constructor(
    public readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'AgentError';
  }
}

export type StopReason = 'max_cost' | 'interrupted' | 'config_error';

/** The run stopped this trial before it ended (budget reached, Ctrl-C, its configuration
 * failed): neither the agent's nor the infrastructure's; the trial is re-run by --resume. */
export class StoppedError extends Error {
  constructor(
    public readonly reason: StopReason,
    message: string = `stopped: ${reason}`,
  ) {
    super(message);
    this.name = 'StoppedError';
  }
}

/** Bad user input (task, config, results file): names the file and the field. */
export class InputError extends Error {
  constructor(
    public readonly file: string,
    public readonly field: string,
    message: string,
  ) {
    super(`${file}: ${field ? `${field}: ` : ''}${message}`);
    this.name = 'InputError';
  }
}

/** The task itself is unsound (an expected test the run does not report, a gold patch that no
 * longer applies…): neither the agent's failure nor infrastructure. Never retried; reported
 * apart as outcome `grader_error`; `validate` quarantines such tasks. */
export class GraderError extends Error {
  constructor(
    public readonly reason: string,
    message: string,
    /** What a person needs to see why (missing ids, the run's notes…). JSON-serialisable. */
    public readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'GraderError';
  }
}
