// The sandbox image: tag derived from the recipe, built once and then reused, and holding
// what tasks need (agent uid 1000, git, Debian's python3 + pytest + coverage, node).
import { describe, expect, it } from 'vitest';
import { defaultImageTag, ensureImage, listImages, recipeHash } from '../../harness/images/build.js';
import { DockerBackend } from '../../harness/sandbox/docker.js';
import { requireDockerOrSkip } from '../helpers/docker.js';

const dockerOk = await requireDockerOrSkip();

describe('sandbox image', () => {
  it('is tagged by the first 12 hex digits of the recipe hash', () => {
    const tag = defaultImageTag();
    expect(tag).toMatch(/^atomic-skills\/sandbox:[0-9a-f]{12}$/);
    expect(tag.endsWith(recipeHash().slice(0, 12))).toBe(true);
    expect(defaultImageTag()).toBe(tag);
  });

  it.skipIf(!dockerOk)(
    'builds once, then reuses the tag without building',
    async () => {
      const tag = await ensureImage({ log: () => undefined });
      expect(tag).toBe(defaultImageTag());
      const lines: string[] = [];
      const again = await ensureImage({ log: (l) => lines.push(l) });
      expect(again).toBe(tag);
      expect(lines).toEqual([]);
      const list = await listImages();
      expect(list.find((i) => i.tag === tag)?.current).toBe(true);
    },
    900_000,
  );

  it.skipIf(!dockerOk)('holds the agent user and the task toolchain', async () => {
    const image = await ensureImage({ log: () => undefined });
    const sb = await new DockerBackend({ log: () => undefined }).create({ image });
    try {
      const r = await sb.exec(
        'id -u agent; git --version; python3 -m pytest --version 2>&1; python3 -m coverage --version | head -1; node --version; pwd; git rev-list --count HEAD',
      );
      expect(r.exitCode).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines[0]).toBe('1000');
      expect(lines[1]).toMatch(/^git version 2\./);
      expect(lines[2]).toMatch(/^pytest \d/);
      expect(lines[3]).toMatch(/^Coverage\.py/);
      expect(lines[4]).toMatch(/^v18\./);
      expect(lines[5]).toBe('/testbed');
      expect(lines[6]).toBe('1');
      // node's built-in test runner can write JUnit XML (used to read node-test results).
      await sb.writeFile('/tmp/t/a.test.js', "const { test } = require('node:test');\ntest('passes', () => {});\n");
      const junit = await sb.exec('node --test --test-reporter=junit a.test.js', { cwd: '/tmp/t' });
      expect(junit.exitCode).toBe(0);
      expect(junit.stdout).toContain('<testcase name="passes"');
    } finally {
      await sb.destroy();
    }
  });
});
