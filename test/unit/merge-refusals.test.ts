// merge refuses shards that ran another experiment over the same plan: another sandbox image or
// other time limits change what a score means (where the sandboxes ran may differ). Run folders
// made here without trials; the CLI cases with real shards are in test/e2e/shard-merge.test.ts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRunDir } from '../../harness/results/store.js';
import { mergeShards } from '../../harness/results/merge.js';
import { InputError } from '../../harness/core/errors.js';

const out = mkdtempSync(path.join(tmpdir(), 'as-merge-refusals-'));

async function shard(index: number, options: Record<string, unknown> = {}): Promise<string> {
  const run = await createRunDir(out, {
    harnessVersion: '1.0.0',
    dataset: { path: 'datasets/sample', hash: 'd'.repeat(64) },
    agents: [{ name: 'oracle', hash: 'a'.repeat(64), model: 'oracle', config: { name: 'oracle', model: 'oracle' } }],
    epochs: 1,
    options: {
      sandbox: 'docker',
      image: 'atomic-skills/sandbox:abc',
      timeoutMultiplier: 1,
      ...options,
      shard: { index, count: 2, planHash: 'p'.repeat(64), planTrials: 0 },
    },
  });
  return run.dir;
}

describe('merge: one experiment', () => {
  it('merges shards that ran on different backends', async () => {
    const r = await mergeShards([await shard(1), await shard(2, { sandbox: 'kubernetes', kubernetes: { namespace: 'x' } })], {
      outDir: out,
    });
    expect(r.trials).toBe(0);
  });

  it.each([
    ['image', 'atomic-skills/sandbox:other'],
    ['timeoutMultiplier', 2],
  ])('refuses a shard with another %s', async (option, value) => {
    const err = await mergeShards([await shard(1), await shard(2, { [option]: value })], { outDir: out }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain(`options.${option}`);
    expect((err as Error).message).toContain(JSON.stringify(value));
  });
});
