// The editor in a real Docker sandbox reads and writes as the agent user: root-only files stay
// out of reach and refused writes are error observations (the trial goes on); a huge sparse
// file is viewed through a bounded window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToolBox } from '../../harness/agent/tools/index.js';
import type { ToolBox } from '../../harness/agent/tools/types.js';
import { ensureImage } from '../../harness/images/build.js';
import { createSandboxBackend } from '../../harness/sandbox/index.js';
import type { Sandbox } from '../../harness/core/sandbox.js';
import { requireDockerOrSkip } from '../helpers/docker.js';

const hasDocker = await requireDockerOrSkip();

describe.skipIf(!hasDocker)('editor in a Docker sandbox', () => {
  let sandbox: Sandbox;
  let box: ToolBox;
  const edit = (input: Record<string, unknown>) => box.run({ id: 'e', name: 'str_replace_based_edit_tool', input });

  beforeAll(async () => {
    const backend = await createSandboxBackend('docker');
    sandbox = await backend.create({ image: await ensureImage() });
    box = createToolBox(sandbox, {
      enabled: ['str_replace_based_edit_tool'],
      bashTimeoutMs: 30_000,
      outputCapBytes: 30_000,
      bashMode: 'stateless',
    });
  });
  afterAll(() => sandbox?.destroy());

  it('cannot read a root-only file', async () => {
    const r = await edit({ command: 'view', path: '/etc/shadow' });
    expect(r.isError).toBe(true);
    expect(r.output).toContain('Permission denied');
    expect(r.output).not.toContain('root:');
  });

  it('turns writes outside what the agent may write into error observations', async () => {
    const create = await edit({ command: 'create', path: '/etc/atomic-skills-editor', file_text: 'x' });
    expect(create.isError).toBe(true);
    expect(create.output).toContain('Permission denied');
    const before = (await sandbox.exec('cat /etc/passwd')).stdout;
    const firstLine = before.split('\n')[0];
    const replace = await edit({ command: 'str_replace', path: '/etc/passwd', old_str: firstLine, new_str: `x${firstLine}` });
    expect(replace.isError).toBe(true);
    expect(replace.output).toContain('Permission denied');
    expect((await sandbox.exec('cat /etc/passwd')).stdout).toBe(before);
  });

  it('creates files owned by the agent', async () => {
    const r = await edit({ command: 'create', path: '/testbed/made_by_editor.py', file_text: 'x = 1\n' });
    expect(r.isError, r.output).toBe(false);
    const owner = await sandbox.exec('stat -c %U /testbed/made_by_editor.py');
    expect(owner.stdout.trim()).not.toBe('root');
    expect((await sandbox.exec('id -un')).stdout.trim()).toBe(owner.stdout.trim());
  });

  it('views a 1 GiB sparse file through a bounded window and refuses to edit it', async () => {
    const mk = await sandbox.exec('truncate -s 1G /tmp/sparse.bin');
    expect(mk.exitCode, mk.stderr).toBe(0);
    const view = await edit({ command: 'view', path: '/tmp/sparse.bin' });
    expect(view.isError, view.output.slice(0, 300)).toBe(false);
    expect(view.output).toContain('a large file, 1073741824 bytes');
    expect(view.output.length).toBeLessThan(31_000);
    const replace = await edit({ command: 'str_replace', path: '/tmp/sparse.bin', old_str: 'a', new_str: 'b' });
    expect(replace.isError).toBe(true);
    expect(replace.output).toContain("over the editor's 4 MiB limit");
  });
});
