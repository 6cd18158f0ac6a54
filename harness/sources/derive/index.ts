// The five skills from one bug. Without a sandbox (static) only what the patches and lists give:
// localization, editing, reproduction. With one, the lists are first calibrated in this
// environment, and review and test generation are derived by running tests.
import { InfraError } from '../../core/errors.js';
import { SandboxError } from '../../core/sandbox.js';
import type { SkillName } from '../../../skills/registry.js';
import { EnvironmentError } from '../../environments/errors.js';
import type { Bug } from './bug.js';
import { calibrate, type Calibration } from './calibrate.js';
import { ID_PREFIX, type Derived } from './draft.js';
import { deriveEditing, unusableTests } from './editing.js';
import { deriveLocalization, goldFunctions } from './localization.js';
import { BugSandbox, type ProbeContext } from './probe.js';
import { deriveReproduction } from './reproduction.js';
import { deriveReview } from './review.js';
import { deriveTestGeneration } from './test-generation.js';

export { isSkipped, type Derived, type TaskDraft, type Skipped } from './draft.js';
export type { Bug } from './bug.js';
export type { Calibration } from './calibrate.js';
export { writeTask } from './write.js';

export interface DeriveOptions {
  skills: readonly SkillName[];
  /** Append the instance's hints to the editing instruction. */
  hints?: boolean;
  /** Where to run tests; absent = static derivation only. */
  run?: ProbeContext;
  /** Keep the instance's F2P/P2P lists as given instead of re-running them here. */
  noCalibrate?: boolean;
}

export interface DerivedBug {
  derived: Derived[];
  /** The bug as its tasks carry it (calibrated lists, provenance). */
  bug: Bug;
  calibration?: Calibration;
}

const short = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/** Every skill's task id for a bug, so re-imports can remove stale folders. */
export function allIds(bug: Bug): Array<{ skill: SkillName; id: string }> {
  return [
    { skill: 'localization', id: `${ID_PREFIX.localization}-${bug.idBase}` },
    { skill: 'editing', id: `${ID_PREFIX.editing}-${bug.idBase}` },
    { skill: 'reproduction', id: `${ID_PREFIX.reproduction}-${bug.idBase}` },
    { skill: 'review', id: `${ID_PREFIX.review}-${bug.idBase}-approve` },
    { skill: 'review', id: `${ID_PREFIX.review}-${bug.idBase}-reject` },
    { skill: 'test-generation', id: `${ID_PREFIX['test-generation']}-${bug.idBase}` },
  ];
}

export async function deriveBug(bug: Bug, opts: DeriveOptions): Promise<DerivedBug> {
  const wanted = (s: SkillName) => opts.skills.includes(s);
  const skipAll = (reason: string, skills: SkillName[]) =>
    allIds(bug)
      .filter((x) => skills.includes(x.skill) && wanted(x.skill))
      .map((x): Derived => ({ ...x, reason }));
  const tested: SkillName[] = ['editing', 'reproduction', 'review', 'test-generation'];

  if (!opts.run) {
    const out: Derived[] = [];
    if (wanted('localization')) out.push(deriveLocalization(bug));
    if (wanted('editing')) out.push(deriveEditing(bug, opts));
    if (wanted('reproduction')) out.push(deriveReproduction(bug));
    out.push(...skipAll('needs a sandbox run (imported with --no-run)', ['review', 'test-generation']));
    return { derived: out, bug };
  }

  // What no test run can mend (no test patch, ids pytest cannot run): known without a sandbox.
  const unusable = unusableTests(bug);
  if (unusable) return { derived: [...(wanted('localization') ? [deriveLocalization(bug)] : []), ...skipAll(unusable, tested)], bug };

  try {
    return await withSandbox(bug, opts.run, async (box) => {
      const result = await calibrate(bug, box);
      if (!result.ok) {
        const loc = wanted('localization') ? [deriveLocalization(bug)] : [];
        return { derived: [...loc, ...skipAll(result.reason, tested)], bug };
      }
      const cal = result.calibration;
      const calibrated: Bug = opts.noCalibrate
        ? bug
        : {
            ...bug,
            failToPass: cal.failToPass,
            passToPass: cal.passToPass,
            provenance: { ...bug.provenance, ...(cal.dropped.length ? { calibration: { dropped: cal.dropped } } : {}) },
          };
      const out: Derived[] = [];
      if (wanted('localization')) {
        const fns = await goldFunctions(bug.goldPatch, (p) => box.readAt(`${cal.testsCommit}^`, p));
        out.push(deriveLocalization(calibrated, fns));
      }
      if (wanted('editing')) out.push(deriveEditing(calibrated, opts));
      if (wanted('reproduction')) out.push(deriveReproduction(calibrated, cal));
      if (wanted('review')) out.push(...(await deriveReview(calibrated, box, cal)));
      if (wanted('test-generation')) out.push(await deriveTestGeneration(calibrated, box, cal));
      return { derived: out, bug: calibrated, calibration: cal };
    });
  } catch (e) {
    const what = e instanceof EnvironmentError ? 'the environment could not be prepared' : 'deriving failed';
    return { derived: skipAll(`${what}: ${short(e)}`, [...tested, 'localization']), bug };
  }
}

/** Sandbox runs of one bug, in a fresh sandbox each attempt: an infrastructure failure (the
 * daemon, a container that died) is tried again; an environment that cannot be prepared is not. */
const ATTEMPTS = 3;

async function withSandbox<T>(bug: Bug, run: ProbeContext, fn: (box: BugSandbox) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let box: BugSandbox | undefined;
    try {
      box = await BugSandbox.open(bug, run);
      return await fn(box);
    } catch (e) {
      const transient = (e instanceof SandboxError || e instanceof InfraError) && !(e instanceof EnvironmentError);
      if (!transient || attempt >= ATTEMPTS) throw e;
      run.log(`${bug.instance}: infrastructure error (attempt ${attempt} of ${ATTEMPTS}), trying again: ${short(e)}`);
    } finally {
      await box?.destroy().catch(() => undefined);
    }
  }
}
