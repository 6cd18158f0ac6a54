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
