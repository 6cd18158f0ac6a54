// An environment that cannot be prepared (a commit missing from the clone, a setup step that
// fails, an image that cannot be pulled). Infrastructure for a trial (the agent cannot cause
// it), but deterministic: trying again at once gives the same answer.
import { SandboxError } from '../core/sandbox.js';

export class EnvironmentError extends SandboxError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EnvironmentError';
  }
}
