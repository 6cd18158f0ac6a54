// How a task becomes a sandbox when it is not a repo folder copied in (task.yaml
// `environment`; docs/datasets.md). Preparing one is harness/environments/' job.
import { z } from 'zod';

const EnvVars = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'), z.string());

/** A prebuilt image whose /testbed holds the repository at the task's base (the SWE-bench way). */
export const ImageEnvironmentSchema = z
  .object({
    kind: z.literal('image'),
    image: z.string().min(1),
    /** When the image is not on this machine: pull it (`missing`) or fail (`never`). */
    pull: z.enum(['missing', 'never']).default('missing'),
    /** Variables every command in the sandbox sees (e.g. PATH of an activated environment). */
    env: EnvVars.optional(),
  })
  .strict();

/** A repository at one commit, taken from a local clone or bare mirror, on top of a base image
 * (the run's sandbox image unless `base_image`), optionally through a setup step. */
export const GitEnvironmentSchema = z
  .object({
    kind: z.literal('git'),
    /** owner/name (identifies the repository in caches and reports). */
    repo: z.string().min(1),
    commit: z.string().regex(/^[0-9a-f]{7,64}$/, 'a commit hash (hex)'),
    /** The clone or mirror holding `commit`: relative to the task folder, or absolute. */
    source: z.string().min(1),
    /** Optional setup run once per built image: a shell script (`*.sh`, run as root in /testbed)
     * or Dockerfile lines (`*.dockerfile`). Relative to the task folder, or absolute. */
    setup: z.string().min(1).optional(),
    /** Optional shell script run as root BEFORE the repository is copied in (it cannot see it): what
     * every commit of the repository shares (apt packages, pinned requirements). Its image layer is
     * built once per repository (per base image and script), not once per commit. */
    env_setup: z.string().min(1).optional(),
    /** Make the repo importable the way `pip install -e .` would, without a package index
     * (a .pth entry and package metadata): the offline default for Python. */
    python_path: z.boolean().default(true),
    base_image: z.string().min(1).optional(),
    env: EnvVars.optional(),
  })
  .strict();

export const EnvironmentSchema = z.discriminatedUnion('kind', [ImageEnvironmentSchema, GitEnvironmentSchema]);
export type Environment = z.infer<typeof EnvironmentSchema>;
export type GitEnvironment = z.infer<typeof GitEnvironmentSchema>;
export type ImageEnvironment = z.infer<typeof ImageEnvironmentSchema>;

export { EnvVars };
