// --resume removes the sandboxes an interrupted run left: prune by the run's label takes those
// and no other (another run's, or one whose owner still runs unless `all`).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSandboxBackend } from '../../harness/sandbox/index.js';
import { ensureImage } from '../../harness/images/build.js';
import { RUN_LABEL } from '../../harness/runner/run.js';
import { requireDockerOrSkip } from '../helpers/docker.js';

const hasDocker = await requireDockerOrSkip();

describe.skipIf(!hasDocker)('prune by run label (docker)', () => {
  it('removes the labelled run’s sandboxes only', async () => {
    const backend = await createSandboxBackend('docker');
    const image = await ensureImage({ log: () => undefined });
    const [a, b] = [randomBytes(4).toString('hex'), randomBytes(4).toString('hex')];
    const sbA = await backend.create({ image, labels: { [RUN_LABEL]: a } });
    const sbB = await backend.create({ image, labels: { [RUN_LABEL]: b } });
    try {
      // Their owner (this process) still runs: not leftovers yet.
      expect(await backend.prune({ labels: { [RUN_LABEL]: a } })).toBe(0);
      expect(await backend.prune({ all: true, labels: { [RUN_LABEL]: a } })).toBe(1);
      expect((await sbB.exec('echo alive')).stdout).toBe('alive\n'); // the other run's is untouched
      expect(await backend.prune({ all: true, labels: { [RUN_LABEL]: a } })).toBe(0);
    } finally {
      await Promise.allSettled([sbA.destroy(), sbB.destroy()]);
    }
  });
});
