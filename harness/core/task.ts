// What every task has, whatever its skill. Skill schemas extend
// BaseTaskSchema; see docs/task-format.md for the on-disk layout.
import { z } from 'zod';
import { EnvironmentSchema, EnvVars } from './environment.js';

/** Where a task came from. `instance` is the unit that makes tasks dependent (a source instance
 * or injected bug: the tasks derived from it share it); `repo` the repository. Statistics cluster
 * on them; other keys are the producer's own (operator, seed, base_commit…). */
export const ProvenanceSchema = z.looseObject({
  source: z.string().min(1),
  instance: z.string().min(1).optional(),
  repo: z.string().min(1).optional(),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

export const TestFrameworkSchema = z.enum(['pytest', 'node-test']);
export type TestFramework = z.infer<typeof TestFrameworkSchema>;

export const BaseTaskSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only'),
    /** A skill of skills/registry.ts (each skill's schema narrows this to its own name). */
    skill: z.string().min(1),
    language: z.enum(['python', 'javascript', 'typescript']),
    /** Folder (relative to task.yaml) copied to /testbed. Exactly one of repo / image / environment. */
    repo: z.string().optional(),
    /** Image that already holds /testbed. */
    image: z.string().optional(),
    /** A prebuilt image or a repository at a commit (harness/environments/ prepares it). */
    environment: EnvironmentSchema.optional(),
    problem_statement: z.string().min(1),
    test_framework: TestFrameworkSchema,
    /** The repo's own full test command, run from /testbed. */
    test_command: z.string().min(1),
    timeouts: z
      .object({
        agent_seconds: z.number().positive().default(900),
        test_seconds: z.number().positive().default(120),
      })
      .prefault({}),
    provenance: ProvenanceSchema.optional(),
    /** Environment variables for every scored test run (e.g. PYTHONPATH: src). */
    test_env: EnvVars.optional(),
    /** Shell lines run, in the same shell, before each scored test command (e.g. activate an environment). */
    test_setup: z.string().min(1).optional(),
  })
  .refine((t) => [t.repo, t.image, t.environment].filter(Boolean).length === 1, {
    message: 'exactly one of "repo", "image" or "environment" must be given',
    path: ['repo'],
  });

export type BaseTask = z.infer<typeof BaseTaskSchema>;

/** A task as loaded from disk: the validated fields plus where it came from. */
export interface LoadedTask<T extends BaseTask = BaseTask> {
  task: T;
  /** Absolute path of the task folder. */
  dir: string;
  /** Absolute path of the repo folder (when task.repo is set). */
  repoDir?: string;
  /** sha256 over the task's files and repo, canonicalised: identifies it in results. */
  contentHash: string;
}
