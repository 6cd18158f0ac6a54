// A sandbox of a bug's environment for the derivations that must run tests (calibration, review
// candidates, mutants): apply patches, commit checkpoints, go back to one, run pytest files.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { specForEnvironment } from '../../environments/index.js';
import type { Sandbox, SandboxBackend } from '../../core/sandbox.js';
import type { BaseTask } from '../../core/task.js';
import { applyPatch } from '../../../skills/shared/patch.js';
import { shq } from '../../../skills/shared/paths.js';
import { runTests, type TestRun } from '../../../skills/shared/run-tests.js';
import { commitAll, mustExec, readIfExists } from '../../../skills/shared/sandbox.js';
import type { Bug } from './bug.js';

export interface ProbeContext {
  backend: SandboxBackend;
  /** The run's sandbox image (what a `git` environment builds on). */
  image: string;
  /** Per test run. */
  testTimeoutMs: number;
  log: (line: string) => void;
}

export class BugSandbox {
  private constructor(
    readonly sb: Sandbox,
    private readonly ctx: ProbeContext,
    private readonly bug: Bug,
  ) {}

  /** A fresh sandbox of the bug's base (environment + base patch). */
  static async open(bug: Bug, ctx: ProbeContext): Promise<BugSandbox> {
    let basePatch: string | undefined;
    if (bug.basePatch) {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'as-probe-'));
      basePatch = path.join(dir, 'base.patch');
      await fs.writeFile(basePatch, bug.basePatch);
    }
    const key = createHash('sha256')
      .update(`${JSON.stringify(bug.environment)}\0${bug.basePatch ?? ''}`)
      .digest('hex');
    try {
      const spec = await specForEnvironment(
        bug.environment,
        { name: bug.instance, dir: process.cwd(), basePatch, cacheKey: key },
        ctx.image,
        { backend: ctx.backend.name, log: ctx.log },
      );
      const sb = await ctx.backend.create({
        ...spec,
        labels: { 'io.atomic-skills.purpose': 'import', 'io.atomic-skills.task': bug.instance },
      });
      return new BugSandbox(sb, ctx, bug);
    } finally {
      if (basePatch) await fs.rm(path.dirname(basePatch), { recursive: true, force: true });
    }
  }

  async apply(patch: string): Promise<{ applied: boolean; error?: string }> {
    return applyPatch(this.sb, patch);
  }

  /** Commits the tree; returns the commit to come back to. */
  async checkpoint(message: string): Promise<string> {
    await commitAll(this.sb, message);
    return (await mustExec(this.sb, 'git rev-parse HEAD')).stdout.trim();
  }

  /** Back to a checkpoint: tracked changes reverted, untracked files removed. */
  async reset(commit: string): Promise<void> {
    await mustExec(this.sb, `git reset -q --hard ${shq(commit)} && git clean -fdxq`);
  }

  async tests(files: string[]): Promise<TestRun> {
    // The same run a scorer makes: the bug's command, environment and setup, sentinels in.
    const task = {
      test_framework: 'pytest',
      test_command: this.bug.testCommand,
      test_env: this.bug.testEnv,
      test_setup: this.bug.testSetup,
    } as BaseTask;
    return runTests(this.sb, { task, files, timeoutMs: this.ctx.testTimeoutMs });
  }

  /** The repo paths that exist now (files or folders), in the order given. */
  async existing(repoPaths: string[]): Promise<string[]> {
    if (!repoPaths.length) return [];
    const r = await mustExec(this.sb, `for p in ${repoPaths.map(shq).join(' ')}; do [ -e "$p" ] && printf '%s\\n' "$p"; done; true`);
    const found = new Set(r.stdout.split('\n'));
    return repoPaths.filter((p) => found.has(p));
  }

  /** A repo file's text now (undefined when missing). */
  async read(repoPath: string): Promise<string | undefined> {
    return readIfExists(this.sb, `/testbed/${repoPath}`);
  }

  /** A repo file's text at a checkpoint (undefined when missing there). */
  async readAt(commit: string, repoPath: string): Promise<string | undefined> {
    const r = await this.sb.exec(`git show ${shq(`${commit}:${repoPath}`)}`, { outputCapBytes: 64 * 1024 * 1024 });
    return r.exitCode === 0 ? r.stdout : undefined;
  }

  async write(repoPath: string, text: string): Promise<void> {
    await this.sb.writeFile(`/testbed/${repoPath}`, text);
  }

  async destroy(): Promise<void> {
    await this.sb.destroy();
  }
}
