// Caps model requests in flight across all trials (separate from the sandbox concurrency):
// a run may hold 16 sandboxes while the API allows only 4 concurrent requests.
import type PQueue from 'p-queue';
import type { ModelClient, ModelRequest, ModelResponse } from '../core/messages.js';

export function limitModel(model: ModelClient, queue: PQueue): ModelClient {
  return {
    id: model.id,
    ...(model.nativeEditor ? { nativeEditor: model.nativeEditor } : {}),
    // The request's signal (the trial's deadline, the run's stop) also takes it out of the queue:
    // a trial waiting for a slot ends on time, and never sends a request it gave up on.
    complete: (req: ModelRequest) => queue.add(() => model.complete(req), { signal: req.signal }) as Promise<ModelResponse>,
  };
}
