// Scoring sandboxes: always fresh, always destroyed. A failure of the sandbox layer surfaces
// as an InfraError (never as a score of 0); anything else — a GraderError, or a plain bug in
// the scorer — passes through unchanged, so a harness bug is reported as one.
import { InfraError } from '../../harness/core/errors.js';
import type { ScoreContext } from '../../harness/core/skill.js';
import type { BaseTask } from '../../harness/core/task.js';
import { sandboxSpecFor } from '../../harness/environments/index.js';
import { SandboxError, SandboxFileError, type ExecOptions, type ExecResult, type Sandbox } from '../../harness/core/sandbox.js';

/** A sandbox-layer failure as an InfraError naming what was being done; anything else as is. */
function asInfra(what: string, e: unknown): unknown {
  if (e instanceof InfraError) return e;
  if (e instanceof SandboxError || isDaemonError(e)) {
    return new InfraError(`${what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return e;
}

/** Errors from dockerode/HTTP sockets: the daemon failed, not the scorer. */
function isDaemonError(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  const status = (e as { statusCode?: number } | null)?.statusCode;
  return ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code ?? '') || (typeof status === 'number' && status >= 500);
}

/** Labels that mark a sandbox as a scorer's (for `docker ps` and leftovers). */
export function scoringLabels(taskId: string): Record<string, string> {
  return { 'io.atomic-skills.purpose': 'scoring', 'io.atomic-skills.task': taskId };
}

/** Runs fn with `count` fresh sandboxes of the task's starting repo (the runner's prewarmed
 * ones when it has them), then destroys them all — in the background when the runner allows. */
export async function withScoringSandboxes<T extends BaseTask, R>(
  ctx: ScoreContext<T>,
  count: number,
  fn: (sandboxes: Sandbox[]) => Promise<R>,
): Promise<R> {
  const spec = async () => ({
    ...(await sandboxSpecFor(ctx.loaded, ctx.image, { backend: ctx.backend.name })),
    labels: scoringLabels(ctx.loaded.task.id),
  });
  const created = await Promise.allSettled(
    Array.from({ length: count }, () => ctx.takePrewarmed?.() ?? spec().then((s) => ctx.backend.create(s))),
  );
  const sandboxes = created.flatMap((c) => (c.status === 'fulfilled' ? [c.value] : []));
  const release = () => {
    const gone = Promise.all(sandboxes.map((sb) => sb.destroy().catch(() => undefined))).then(() => undefined);
    if (ctx.background) ctx.background(gone);
    else return gone;
  };
  const failed = created.find((c): c is PromiseRejectedResult => c.status === 'rejected');
  if (failed) {
    await release();
    // Whatever stopped a create (a daemon error or not), the agent cannot have caused it.
    const e = asInfra('creating the scoring sandbox failed', failed.reason);
    throw e instanceof InfraError ? e : new InfraError(`creating the scoring sandbox failed: ${String(e)}`, { cause: e });
  }
  try {
    return await fn(sandboxes);
  } catch (e) {
    throw asInfra(`scoring ${ctx.loaded.task.id} failed`, e);
  } finally {
    await release();
  }
}

/** withScoringSandboxes with one sandbox. */
export function withScoringSandbox<T extends BaseTask, R>(ctx: ScoreContext<T>, fn: (sb: Sandbox) => Promise<R>): Promise<R> {
  return withScoringSandboxes(ctx, 1, ([sb]) => fn(sb));
}

/** exec that turns sandbox-layer exceptions into InfraError. */
export async function run(sb: Sandbox, cmd: string, opts?: ExecOptions): Promise<ExecResult> {
  try {
    return await sb.exec(cmd, opts);
  } catch (e) {
    throw asInfra(`exec failed (${cmd.slice(0, 80)})`, e);
  }
}

/** A setup command that must succeed; otherwise the scorer cannot run (InfraError). */
export async function mustExec(sb: Sandbox, cmd: string, opts?: ExecOptions): Promise<ExecResult> {
  const r = await run(sb, cmd, opts);
  if (r.exitCode !== 0) {
    throw new InfraError(
      `setup command failed (exit ${r.exitCode}${r.timedOut ? ', timed out' : ''}): ${cmd.slice(0, 200)}\n${(r.stderr || r.stdout).slice(-1000)}`,
    );
  }
  return r;
}

/** Reads a sandbox file, or undefined when it does not exist. */
export async function readIfExists(sb: Sandbox, path: string): Promise<string | undefined> {
  try {
    return (await sb.readFile(path)).toString('utf8');
  } catch (e) {
    if (e instanceof SandboxFileError) return undefined; // missing: the caller decides what that means
    throw asInfra(`reading ${path} failed`, e);
  }
}

/** Commits the current tree (so later `git reset --hard` returns to it). */
export async function commitAll(sb: Sandbox, message: string): Promise<void> {
  await mustExec(
    sb,
    `git add -A && git -c user.name=atomic-skills -c user.email=scorer@atomic-skills.invalid commit -q --allow-empty --no-verify -m '${message.replace(/'/g, '')}'`,
  );
}

/** Back to the last commit: tracked changes reverted, untracked (and ignored) files removed. */
export const RESET_HARD = 'git reset -q --hard && git clean -fdxq';
