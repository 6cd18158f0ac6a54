// Error kinds that decide a trial's outcome (design §3 "Trial").

/** The sandbox, daemon, or network to the model failed: retried, never counted as a failure. */
export class InfraError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InfraError';
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
