// The shell scripts of the project — those the sandboxes run (harness/sandbox/scripts/) and the
// CI entry points — pass shellcheck; the TypeScript constants are those files, put together.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { missing } from '../helpers/docker.js';
import * as scripts from '../../harness/sandbox/scripts.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SANDBOX_SCRIPTS = path.join(ROOT, 'harness/sandbox/scripts');
const shellFiles = [
  ...readdirSync(SANDBOX_SCRIPTS)
    .filter((f) => f.endsWith('.sh'))
    .map((f) => path.join(SANDBOX_SCRIPTS, f)),
  ...['.ci/setup', '.ci/run', 'docker/bootstrap-base.sh'].map((f) => path.join(ROOT, f)),
];
const haveShellcheck =
  spawnSync('shellcheck', ['--version']).status === 0 || missing('shellcheck', 'apt-get install shellcheck, or bash .ci/setup');

describe('shell scripts', () => {
  it.skipIf(!haveShellcheck)('pass shellcheck', () => {
    const r = spawnSync('shellcheck', ['--format=gcc', ...shellFiles], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('as the sandboxes receive them: each constant is its file, after the function files it calls', () => {
    const file = (name: string) => readFileSync(path.join(SANDBOX_SCRIPTS, name), 'utf8');
    expect(scripts.DIFF).toBe(`${file('git.sh')}\n${file('diff.sh')}`);
    expect(scripts.EXEC_WRAPPER).toBe(`${file('sweep-marked.sh')}\n${file('exec-wrapper.sh')}`);
    // Names the TypeScript side shares with the scripts.
    for (const s of [scripts.EXEC_WRAPPER, scripts.KILL_MARKED, scripts.SEALED]) expect(s).toContain(scripts.EXEC_MARKER_VAR);
    expect(scripts.PROFILE).toContain(scripts.SANDBOX_PATH);
    // Every file in the folder is used by one constant.
    const used = Object.values(scripts).filter((v): v is string => typeof v === 'string');
    for (const f of readdirSync(SANDBOX_SCRIPTS))
      expect(
        used.some((s) => s.includes(file(f))),
        f,
      ).toBe(true);
  });

  it('each script runs under bash without a syntax error', () => {
    for (const f of shellFiles) {
      const r = spawnSync('bash', ['-n', f], { encoding: 'utf8' });
      expect(r.stderr, f).toBe('');
      expect(r.status, f).toBe(0);
    }
  });
});
