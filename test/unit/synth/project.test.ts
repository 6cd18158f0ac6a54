// Project detection on the sample libraries and on small made-up layouts.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../harness/core/errors.js';
import { detectProject, isSourceFile } from '../../../harness/sources/synth/project.js';

const REPOS = path.resolve(__dirname, '../../../datasets/sample/repos');
let tmp: string;
beforeEach(async () => (tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'as-synth-project-'))));
afterEach(() => fs.rm(tmp, { recursive: true, force: true }));

async function write(files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(tmp, rel)), { recursive: true });
    await fs.writeFile(path.join(tmp, rel), text);
  }
}

describe('detectProject', () => {
  it('recognises the Python and JavaScript sample libraries', async () => {
    const py = await detectProject(path.join(REPOS, 'tablefmt'), 'tablefmt');
    expect([py.language, py.framework, py.testCommand]).toEqual(['python', 'pytest', 'python3 -m pytest -q']);
    const js = await detectProject(path.join(REPOS, 'csvlite'), 'csvlite');
    expect([js.language, js.framework]).toEqual(['javascript', 'node-test']);
    expect(js.testFiles).toContain('test/parse.test.js');
    expect(js.files.filter((f) => isSourceFile(js, f))).toContain('src/parse/tokenizer.js');
    expect(js.files.filter((f) => isSourceFile(js, f)).some((f) => f.startsWith('test/'))).toBe(false);
  });

  it('runs the paths package.json names for `node --test`', async () => {
    await write({
      'package.json': JSON.stringify({ scripts: { test: 'node --test spec/ extra.test.mjs' } }),
      'spec/a.test.js': '',
      'spec/helper.js': '',
      'test/ignored.test.js': '',
      'extra.test.mjs': '',
      'lib/a.js': '',
    });
    const p = await detectProject(tmp, 'x');
    expect(p.testFiles).toEqual(['extra.test.mjs', 'spec/a.test.js']);
    expect(p.testCommand).toBe('node --test spec/ extra.test.mjs');
  });

  it('says what is missing when there are no tests, and asks to choose when there are both kinds', async () => {
    await write({ 'lib/a.py': '' });
    await expect(detectProject(tmp, 'x')).rejects.toThrow(InputError);
    await write({ 'tests/test_a.py': '', 'test/a.test.js': '' });
    await expect(detectProject(tmp, 'x')).rejects.toThrow(/--language/);
    expect((await detectProject(tmp, 'x', 'python')).framework).toBe('pytest');
  });

  it('never mutates tests, conftest, setup scripts, docs or vendored code', () => {
    const p = { language: 'python' as const, framework: 'pytest' as const };
    expect(isSourceFile(p, 'src/pkg/mod.py')).toBe(true);
    for (const f of ['tests/helpers.py', 'pkg/test_mod.py', 'conftest.py', 'setup.py', 'docs/conf.py', 'vendor/x.py', 'src/pkg/mod.js'])
      expect(isSourceFile(p, f), f).toBe(false);
  });
});
