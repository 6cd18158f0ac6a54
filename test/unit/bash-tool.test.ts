// The bash tool: observation format, timeouts, output caps, and stateless vs session mode.
import { existsSync, mkdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BashTool, createToolBox, formatObservation } from '../../harness/agent/tools/index.js';
import type { ToolBoxOptions } from '../../harness/agent/tools/types.js';
import { createMemorySandbox, type MemorySandbox } from '../helpers/memory-sandbox.js';

let sb: MemorySandbox;
const tools: BashTool[] = [];

beforeEach(async () => {
  sb = await createMemorySandbox();
});
afterEach(async () => {
  // Session state lives in the (host) /tmp of this fake sandbox: clear it per tool.
  for (const t of tools.splice(0)) await t.run({ restart: true });
  await sb.destroy();
});

function bash(mode: 'stateless' | 'session', over: { timeoutMs?: number; outputCapBytes?: number } = {}) {
  const tool = new BashTool(sb, { mode, timeoutMs: over.timeoutMs ?? 10_000, outputCapBytes: over.outputCapBytes ?? 1 << 20 });
  tools.push(tool);
  return (input: Record<string, unknown>) => tool.run(input);
}

describe('observation format', () => {
  it('shows the exit code, then stdout and stderr sections', async () => {
    const r = await bash('stateless')({ command: 'echo out; echo err >&2; exit 3' });
    expect(r).toEqual({ isError: false, output: 'exit code: 3\n--- stdout ---\nout\n--- stderr ---\nerr' });
  });

  it('omits empty sections and says when there was no output at all', async () => {
    const run = bash('stateless');
    expect((await run({ command: 'printf "no newline"' })).output).toBe('exit code: 0\n--- stdout ---\nno newline');
    expect((await run({ command: 'echo only-err >&2; false' })).output).toBe('exit code: 1\n--- stderr ---\nonly-err');
    expect((await run({ command: 'true' })).output).toBe('exit code: 0\n(no output)');
  });

  it('runs in /testbed', async () => {
    const r = await bash('stateless')({ command: 'pwd' });
    expect(r.output).toBe(`exit code: 0\n--- stdout ---\n${sb.root}`);
  });

  it('reports a timeout, with the output printed before it', async () => {
    const r = await bash('stateless', { timeoutMs: 300 })({ command: 'echo started; sleep 30' });
    expect(r.isError).toBe(true);
    expect(r.output).toContain('timed out after 0.3 s and was killed');
    expect(r.output).toContain('exit code: none (killed)');
    expect(r.output).toContain('--- stdout ---\nstarted');
  });

  it('keeps the sandbox cut marker and adds a note when output was capped', async () => {
    const r = await bash('stateless', { outputCapBytes: 1000 })({ command: 'head -c 5000 /dev/zero | tr "\\0" a; echo; echo END' });
    expect(r.output).toContain('[... ');
    expect(r.output).toContain('bytes cut ...]');
    expect(r.output).toContain('END');
    expect(r.output).toContain('longer than 1000 bytes per stream');
  });

  it('formats a killed process whose exit code is known', () => {
    const text = formatObservation(
      { stdout: '', stderr: 'Killed\n', exitCode: 137, timedOut: true, truncated: false, durationMs: 5, oomKilled: false },
      { timeoutMs: 2000, outputCapBytes: 100 },
    );
    expect(text).toBe(
      'The command timed out after 2 s and was killed. Output printed before that is below. ' +
        'Run long jobs with a time limit or in the background.\nexit code: 137\n--- stderr ---\nKilled',
    );
  });
});

describe('parameters', () => {
  it('names missing, empty and wrong-typed parameters', async () => {
    const run = bash('stateless');
    expect(await run({})).toMatchObject({ isError: true, output: expect.stringContaining('Parameter "command" is required') });
    expect(await run({ command: '  ' })).toMatchObject({ isError: true, output: expect.stringContaining('empty') });
    expect(await run({ command: ['ls'] })).toMatchObject({
      isError: true,
      output: expect.stringContaining('must be a string, but got an array'),
    });
    expect(await run({ command: 'ls', restart: 'yes' })).toMatchObject({
      isError: true,
      output: expect.stringContaining('"restart" must be true or false'),
    });
  });

  it('accepts restart in stateless mode as a no-op', async () => {
    const r = await bash('stateless')({ restart: true });
    expect(r.isError).toBe(false);
    expect(r.output).toContain('Nothing to restart');
  });
});

describe('stateless mode', () => {
  it('does not keep cwd or exported variables between calls', async () => {
    const run = bash('stateless');
    mkdirSync(sb.path('sub'));
    await run({ command: 'cd sub && export FOO=bar' });
    const r = await run({ command: 'pwd; echo "FOO=[$FOO]"' });
    expect(r.output).toBe(`exit code: 0\n--- stdout ---\n${sb.root}\nFOO=[]`);
  });
});

describe('session mode', () => {
  it('keeps the working directory and exported variables', async () => {
    const run = bash('session');
    mkdirSync(sb.path('sub/deeper'), { recursive: true });
    const first = await run({ command: 'cd sub && export FOO="a \'quoted\' $value" && export MULTI="line1\nline2"; LOCAL=1' });
    expect(first.output).toBe('exit code: 0\n(no output)');
    await run({ command: 'cd deeper' });
    const r = await run({ command: 'pwd; echo "FOO=$FOO"; echo "LOCAL=[$LOCAL]"; printf "%s\\n" "$MULTI"' });
    expect(r.output).toBe(`exit code: 0\n--- stdout ---\n${sb.path('sub/deeper')}\nFOO=a 'quoted' \nLOCAL=[]\nline1\nline2`);
  });

  it('keeps exit codes, and saves state even when the command exits or fails to parse', async () => {
    const run = bash('session');
    mkdirSync(sb.path('x'));
    expect((await run({ command: 'cd x; export A=1; exit 4' })).output).toBe('exit code: 4\n(no output)');
    const bad = await run({ command: 'export B=2\nif then' });
    expect(bad.output).toContain('exit code: 2');
    expect(bad.output).toContain('syntax error');
    const r = await run({ command: 'echo "$PWD $A"' });
    expect(r.output).toBe(`exit code: 0\n--- stdout ---\n${sb.path('x')} 1`);
  });

  it('restart goes back to /testbed with a clean environment', async () => {
    const run = bash('session');
    mkdirSync(sb.path('x'));
    await run({ command: 'cd x && export A=1' });
    const restarted = await run({ restart: true });
    expect(restarted.output).toContain('restarted');
    const r = await run({ command: 'echo "$PWD [$A]"' });
    expect(r.output).toBe(`exit code: 0\n--- stdout ---\n${sb.root} []`);
  });

  it('restart with a command runs the command in the fresh session', async () => {
    const run = bash('session');
    await run({ command: 'export A=1' });
    const r = await run({ restart: true, command: 'echo "[$A]"' });
    expect(r.output).toMatch(/restarted.*\nexit code: 0\n--- stdout ---\n\[\]$/);
  });

  it('falls back to /testbed with a note when the saved directory is gone', async () => {
    const run = bash('session');
    mkdirSync(sb.path('gone'));
    await run({ command: 'cd gone' });
    await run({ command: `rmdir ${sb.path('gone')}` });
    const r = await run({ command: 'pwd' });
    expect(r.output).toContain(`--- stdout ---\n${sb.root}`);
    expect(r.output).toContain('no longer exists');
  });

  it('keeps two tool boxes on one sandbox apart', async () => {
    const a = bash('session');
    const b = bash('session');
    await a({ command: 'export WHO=a' });
    expect((await b({ command: 'echo "[$WHO]"' })).output).toContain('[]');
    expect((await a({ command: 'echo "[$WHO]"' })).output).toContain('[a]');
  });

  it('is what createToolBox uses when bashMode is session', async () => {
    const options: ToolBoxOptions = { enabled: ['bash'], bashTimeoutMs: 10_000, outputCapBytes: 4096, bashMode: 'session' };
    const box = createToolBox(sb, options);
    const schema = box.specs[0].inputSchema as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(['command', 'restart']);
    expect(box.specs[0].description).toContain('carry over');
    await box.run({ id: '1', name: 'bash', input: { command: 'export K=v' } });
    const r = await box.run({ id: '2', name: 'bash', input: { command: 'echo $K' } });
    expect(r).toEqual({ callId: '2', isError: false, output: 'exit code: 0\n--- stdout ---\nv' });
    await box.run({ id: '3', name: 'bash', input: { restart: true } });
  });
});

it('the stateless spec requires a command and says state does not carry over', async () => {
  const box = createToolBox(sb, { enabled: ['bash'], bashTimeoutMs: 30_000, outputCapBytes: 4096, bashMode: 'stateless' });
  const spec = box.specs[0];
  expect(spec.inputSchema).toMatchObject({ required: ['command'] });
  expect(spec.description).toContain('do not carry over');
  expect(spec.description).toContain('killed after 30 s');
  expect(existsSync(sb.root)).toBe(true);
});
