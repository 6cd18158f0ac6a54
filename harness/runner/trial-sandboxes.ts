// The sandboxes one trial needs — the agent's and the scorer's fresh ones — started together
// and early: the runner starts the next trial's while the current one works, so at low
// concurrency nobody waits for a container. Whatever is never taken is destroyed by discard().
import type { LoadedTask } from '../core/task.js';
import type { Sandbox, SandboxBackend } from '../core/sandbox.js';
import { getSkill } from '../../skills/registry.js';
import { scoringLabels } from '../../skills/shared/sandbox.js';
import { sandboxSpecFor } from '../environments/index.js';

export class TrialSandboxes {
  private agent: Promise<Sandbox> | undefined;
  private readonly scoring: Promise<Sandbox>[];

  constructor(backend: SandboxBackend, loaded: LoadedTask, image: string) {
    // Preparing an environment (first use only) may build an image: every sandbox waits for it.
    const spec = sandboxSpecFor(loaded, image, { backend: backend.name });
    // Every one of them will run commands soon: each gets ready for them while idle.
    const start = async (labels: Record<string, string>) => {
      const sb = await backend.create({ ...(await spec), labels });
      sb.warm?.().catch(() => undefined);
      return sb;
    };
    this.agent = start({ 'io.atomic-skills.purpose': 'agent', 'io.atomic-skills.task': loaded.task.id });
    const count = getSkill(loaded.task.skill).scoringSandboxes;
    // The scorer's are needed only after the agent has worked: they start once the agent's is
    // up, so they do not slow it down.
    const agentUp = this.agent.then(
      () => undefined,
      () => undefined,
    );
    this.scoring = Array.from({ length: count }, () => agentUp.then(() => start(scoringLabels(loaded.task.id))));
    // A failed create surfaces when its sandbox is taken; until then it must not go unhandled.
    for (const p of [this.agent, ...this.scoring]) p.catch(() => undefined);
  }

  /** The agent's sandbox (once per trial attempt). */
  takeAgent(): Promise<Sandbox> {
    const taken = this.agent;
    if (!taken) throw new Error('the agent sandbox of this trial was already taken');
    this.agent = undefined;
    return taken;
  }

  /** One scoring sandbox per call, until none is left. */
  takeScoring(): Promise<Sandbox> | undefined {
    return this.scoring.shift();
  }

  /** Destroys every sandbox not taken (the trial ended early, or never ran). */
  async discard(): Promise<void> {
    const left = [this.agent, ...this.scoring.splice(0)].filter((p) => p !== undefined);
    this.agent = undefined;
    await Promise.all(left.map((p) => p.then((s) => s.destroy()).catch(() => undefined)));
  }
}
