// The ONLY place that lists the skills: adding a sixth skill = one new folder + one line here.
import type { SkillName } from '../harness/core/task.js';
import { editing } from './editing/index.js';
import { localization } from './localization/index.js';
import { reproduction } from './reproduction/index.js';
import { review } from './review/index.js';
import type { SkillModule } from './shared/types.js';
import { testGeneration } from './test-generation/index.js';

// Each module is typed for its own task shape; the registry stores them as SkillModule<BaseTask>.
export const SKILL_REGISTRY: Record<SkillName, SkillModule> = {
  localization: localization as unknown as SkillModule,
  editing: editing as unknown as SkillModule,
  'test-generation': testGeneration as unknown as SkillModule,
  reproduction: reproduction as unknown as SkillModule,
  review: review as unknown as SkillModule,
};

export function getSkill(name: SkillName): SkillModule {
  const s = SKILL_REGISTRY[name];
  if (!s) throw new Error(`unknown skill "${String(name)}"`);
  return s;
}
