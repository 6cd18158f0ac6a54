// The CLI's surface: --help lists every command, --version prints the package version.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const bin = new URL('../../bin/atomic-skills.js', import.meta.url).pathname;
const cli = (...args: string[]) => execFileSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('atomic-skills CLI', () => {
  it('lists every command in --help', () => {
    const help = cli('--help');
    for (const command of [
      'run',
      'validate',
      'report',
      'compare',
      'gate',
      'plan',
      'images',
      'sandbox',
      'tasks',
      'import',
      'environments',
      'synthesize',
    ]) {
      expect(help).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });

  it('prints the package version', () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(cli('--version').trim()).toBe(version);
  });

  it('rejects an unknown skill naming the flag', () => {
    let stderr = '';
    try {
      execFileSync(process.execPath, [bin, 'run', '--model', 'noop', '--skills', 'painting'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      stderr = String((err as { stderr: string }).stderr);
      expect((err as { status: number }).status).toBe(2);
    }
    expect(stderr).toContain('--skills');
    expect(stderr).toContain('painting');
  });

  it('plans the bundled dataset from stated rates, and names a bad flag', () => {
    const out = cli('plan', '--mde', '0.1', '--rate', '0.4', '--agreement', '0.6', '--epochs', '3');
    expect(out).toMatch(/\| editing \| 8 \(8\) \| 0\.400 \|/);
    expect(out).toContain('α = 0.05/5');
    let stderr = '';
    try {
      execFileSync(process.execPath, [bin, 'plan', '--mde', '2'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      stderr = String((err as { stderr: string }).stderr);
      expect((err as { status: number }).status).toBe(2);
    }
    expect(stderr).toMatch(/--mde.*\(0, 1\)/);
  });
});
