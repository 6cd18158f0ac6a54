// One SWE-bench-format instance, checked field by field. The core fields are SWE-bench's; the
// extra fields other exports carry (an image name, a test command, install commands) are read
// under their usual names; every other field is kept as is, never fatal.
import { z } from 'zod';
import { InputError } from '../../core/errors.js';
import { splitTestCommand } from './command.js';
import { withSwebenchNames } from './variants.js';

/** FAIL_TO_PASS / PASS_TO_PASS: a list, or a JSON-encoded list in a string (both occur); null
 * (a missing value in a table export) is an empty list. */
const TestList = z.preprocess(
  (v) => {
    if (v === null) return [];
    if (typeof v !== 'string') return v;
    const s = v.trim();
    if (s === '') return [];
    try {
      return JSON.parse(s);
    } catch {
      return v; // reported below as "expected a list"
    }
  },
  z.array(z.string().min(1, 'an empty test id')),
);

const Text = z.string();
const OptionalText = z.union([z.string(), z.null()]).optional();
function epochText(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}

/** A date as text, or as the epoch milliseconds a table export (pandas' to_json) writes. */
const DateText = z.union([z.string(), z.number().transform(epochText), z.null()]).optional();

export const InstanceSchema = z.looseObject({
  instance_id: z.string().min(1),
  repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'expected "owner/name"'),
  base_commit: z.string().regex(/^[0-9a-fA-F]{7,64}$/, 'expected a commit hash'),
  patch: z.string().min(1, 'the gold patch is empty'),
  test_patch: Text.default(''),
  problem_statement: z.string().min(1, 'the problem statement is empty'),
  FAIL_TO_PASS: TestList.default([]),
  PASS_TO_PASS: TestList.default([]),
  hints_text: OptionalText,
  version: z.union([z.string(), z.number()]).nullish(),
  environment_setup_commit: OptionalText,
  created_at: DateText,
});

/** An instance after reading: the core fields, what exports add, and everything else kept. */
export interface Instance {
  instance_id: string;
  repo: string;
  base_commit: string;
  patch: string;
  test_patch: string;
  problem_statement: string;
  FAIL_TO_PASS: string[];
  PASS_TO_PASS: string[];
  hints_text?: string;
  version?: string;
  environment_setup_commit?: string;
  created_at?: string;
  /** An image that holds /testbed for this instance (image_name, docker_image, image). */
  image?: string;
  /** The export's own test command (test_cmd, test_command, eval_cmd, or install_config.test_cmd). */
  test_command?: string;
  /** Shell lines that export's command runs before its test command (activating an environment). */
  test_setup?: string;
  /** Install commands the export names (install_config.pre_install / install / …), for the record. */
  install?: string[];
  /** Fields this reader does not interpret, kept verbatim (into provenance). */
  extra: Record<string, unknown>;
}

const KNOWN = new Set([
  'instance_id',
  'repo',
  'base_commit',
  'patch',
  'test_patch',
  'problem_statement',
  'FAIL_TO_PASS',
  'PASS_TO_PASS',
  'hints_text',
  'version',
  'environment_setup_commit',
  'created_at',
]);
const IMAGE_KEYS = ['image_name', 'docker_image', 'image'];
const TEST_COMMAND_KEYS = ['test_cmd', 'test_command', 'eval_cmd'];

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v : undefined;
}

function commands(v: unknown): string[] {
  if (typeof v === 'string') return v.trim() ? [v] : [];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
  return [];
}

/** The first test command given (a string, or a list of commands run in order). */
function testCommandOf(values: unknown[]): { test_command?: string; test_setup?: string } {
  for (const v of values) {
    const given = str(v) ?? (Array.isArray(v) && commands(v).length ? commands(v) : undefined);
    const split = given === undefined ? undefined : splitTestCommand(given);
    if (split) return { test_command: split.command, ...(split.setup ? { test_setup: split.setup } : {}) };
  }
  return {};
}

/** Checks one parsed record; `where` names it in errors ("line 12"): an InputError whose file
 * part is the record's position. */
export function parseInstance(raw: unknown, where: string): Instance {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(where, '', 'expected a JSON object');
  const { record: rec, consumed } = withSwebenchNames(raw as Record<string, unknown>);
  const parsed = InstanceSchema.safeParse(rec);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.map(String).join('.');
    const given = rec[String(issue.path[0])];
    const message =
      given === undefined ? 'missing' : issue.code === 'invalid_type' ? `${issue.message} (got ${JSON.stringify(given)})` : issue.message;
    throw new InputError(where, field, message);
  }
  const d = parsed.data;
  const config = (rec.install_config && typeof rec.install_config === 'object' ? rec.install_config : {}) as Record<string, unknown>;
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) if (!KNOWN.has(k) && !consumed.has(k)) extra[k] = v;
  const install = ['pre_install', 'install', 'post_install'].flatMap((k) => commands(config[k] ?? rec[k]));
  return {
    instance_id: d.instance_id,
    repo: d.repo,
    base_commit: d.base_commit.toLowerCase(),
    patch: d.patch,
    test_patch: d.test_patch,
    problem_statement: d.problem_statement,
    FAIL_TO_PASS: d.FAIL_TO_PASS,
    PASS_TO_PASS: d.PASS_TO_PASS,
    hints_text: str(d.hints_text),
    version: d.version === null || d.version === undefined ? undefined : String(d.version),
    environment_setup_commit: str(d.environment_setup_commit),
    created_at: str(d.created_at),
    image: IMAGE_KEYS.map((k) => str(rec[k])).find(Boolean),
    ...testCommandOf([...TEST_COMMAND_KEYS.map((k) => rec[k]), config.test_cmd]),
    install: install.length ? install : undefined,
    extra,
  };
}
