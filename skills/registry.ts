// The ONLY list of skills: adding a sixth skill = one new folder + one line in SKILL_LIST.
// Every other list (task loader, CLI options, result schema, report order) derives from it.
import type { Skill, SummarySection } from '../harness/core/skill.js';
import { editing } from './editing/index.js';
import { localization } from './localization/index.js';
import { reproduction } from './reproduction/index.js';
import { review } from './review/index.js';
import { testGeneration } from './test-generation/index.js';

/** In report order. */
const SKILL_LIST = [localization, editing, testGeneration, reproduction, review] as const;

export type SkillName = (typeof SKILL_LIST)[number]['name'];

export const SKILLS: readonly SkillName[] = SKILL_LIST.map((s) => s.name);

const BY_NAME = new Map<string, Skill>(SKILL_LIST.map((s) => [s.name, s]));

export function isSkillName(name: unknown): name is SkillName {
  return typeof name === 'string' && BY_NAME.has(name);
}

export function getSkill(name: string): Skill {
  const s = BY_NAME.get(name);
  if (!s) throw new Error(`unknown skill "${name}"`);
  return s;
}

/** A skill's place in report order (unknown skills, e.g. from another harness version, last). */
export function skillRank(name: string): number {
  const i = (SKILLS as readonly string[]).indexOf(name);
  return i < 0 ? SKILLS.length : i;
}

/** Every summary section the skills declare, in registry order: each summary group carries their keys. */
export const SUMMARY_SECTIONS: readonly SummarySection[] = SKILL_LIST.flatMap((s) => s.summary ?? []);

/** The summary sections of one skill (none for a skill this harness does not know). */
export function sectionsOf(name: string): readonly SummarySection[] {
  return BY_NAME.get(name)?.summary ?? [];
}
