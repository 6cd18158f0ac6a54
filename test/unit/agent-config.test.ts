// Agent configuration: defaults, errors naming file and field, the --model shorthand, the
// hash, the shipped examples and JSON Schema, and the prompt templates.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../harness/core/errors.js';
import {
  agentConfigFromModel,
  agentConfigHash,
  agentConfigJsonSchema,
  canonicalJson,
  loadAgentConfig,
  parseAgentConfig,
} from '../../harness/config/agent-config.js';
import { buildPrompts, renderTemplate } from '../../harness/agent/prompts.js';
import { DEFAULT_SYSTEM_PROMPT, templatePlaceholders } from '../../harness/config/prompt-templates.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'as-agentcfg-'));
function yamlFile(name: string, text: string): string {
  const file = join(tmp, name);
  writeFileSync(file, text);
  return file;
}

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('loadAgentConfig', () => {
  it('fills every default', () => {
    const cfg = loadAgentConfig(yamlFile('min.yaml', 'model: anthropic/claude-sonnet-5-5\n'));
    expect(cfg).toEqual({
      name: 'anthropic-claude-sonnet-5-5',
      model: 'anthropic/claude-sonnet-5-5',
      provider: { max_retries: 4, timeout_seconds: 600, max_tokens: 4096, tool_style: 'native' },
      prompts: {},
      tools: ['bash', 'str_replace_based_edit_tool'],
      bash: { mode: 'stateless', timeout_seconds: 60, output_cap_bytes: 30000 },
      limits: { max_turns: 50, max_total_tokens: 2_000_000, max_wall_seconds: 1800 },
    });
  });

  it('names the file and the field path of a wrong type', () => {
    const file = yamlFile('x.yaml', 'model: oracle\nlimits:\n  max_turns: "ten"\n');
    const err = errorOf(() => loadAgentConfig(file));
    expect(err.file).toBe(file);
    expect(err.field).toBe('limits.max_turns');
    expect(err.message).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: limits\\.max_turns: .*expected number, received string`, 'i'),
    );
  });

  it('rejects unknown keys, at the top and nested', () => {
    const top = errorOf(() => loadAgentConfig(yamlFile('u1.yaml', 'model: noop\nmodle: x\n')));
    expect([top.field, top.message]).toEqual(['modle', `${top.file}: modle: unknown field`]);
    const nested = errorOf(() => loadAgentConfig(yamlFile('u2.yaml', 'model: noop\nprovider:\n  api_key: sk-123\n')));
    expect(nested.field).toBe('provider.api_key');
    expect(nested.message).toMatch(/unknown field/);
  });

  it('names array elements and reports every problem', () => {
    const err = errorOf(() => loadAgentConfig(yamlFile('t.yaml', 'model: noop\ntools: [bash, python]\nbash: { mode: forever }\n')));
    expect(err.field).toBe('tools.1');
    expect(err.message).toMatch(/bash\.mode/);
  });

  it('rejects a bad model id, invalid YAML and a missing file', () => {
    expect(errorOf(() => loadAgentConfig(yamlFile('m.yaml', 'model: gpt-4\n'))).field).toBe('model');
    expect(errorOf(() => loadAgentConfig(yamlFile('y.yaml', 'model: [oops\n'))).message).toMatch(/invalid YAML/);
    expect(errorOf(() => loadAgentConfig(join(tmp, 'absent.yaml'))).message).toMatch(/absent\.yaml: not found$/);
    expect(errorOf(() => loadAgentConfig(yamlFile('e.yaml', ''))).field).toBe('model');
  });

  it('checks prompt placeholders when loading', () => {
    const err = errorOf(() => loadAgentConfig(yamlFile('p.yaml', 'model: noop\nprompts:\n  system: "hi {{wrkdir}}"\n')));
    expect(err.field).toBe('prompts.system');
    expect(err.message).toMatch(/workdir/);
    expect(loadAgentConfig(yamlFile('p2.yaml', 'model: noop\nprompts:\n  task: "{{ task }} in {{workdir}}"\n')).prompts.task).toBe(
      '{{ task }} in {{workdir}}',
    );
  });

  it('loads every shipped example', () => {
    const dir = join(root, 'harness', 'config', 'examples');
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    expect(files).toEqual(['anthropic.yaml', 'bash-only.yaml', 'openai-vllm.yaml', 'oracle.yaml']);
    const configs = files.map((f) => loadAgentConfig(join(dir, f)));
    expect(configs.map((c) => c.model)).toEqual([
      'anthropic/claude-sonnet-5-5',
      'openai/gpt-4.1',
      'openai/Qwen/Qwen2.5-Coder-32B-Instruct',
      'oracle',
    ]);
    expect(new Set(configs.map((c) => c.name)).size).toBe(4);
  });
});

describe('agentConfigFromModel', () => {
  it('builds a default config from the --model shorthand', () => {
    expect(agentConfigFromModel('oracle')).toMatchObject({ name: 'oracle', model: 'oracle', limits: { max_turns: 50 } });
    expect(agentConfigFromModel('openai/Qwen/Qwen3-32B').name).toBe('openai-Qwen-Qwen3-32B');
    expect(agentConfigFromModel('replay:runs/x/trajectories/t1.json').name).toBe('replay-t1');
    expect(() => agentConfigFromModel('claude')).toThrow(/--model: model: /);
  });
});

describe('agentConfigHash', () => {
  const a = { model: 'anthropic/claude-sonnet-5-5', limits: { max_turns: 10, max_wall_seconds: 100 } };

  it('is stable whatever the key order and explicit defaults', () => {
    const h = agentConfigHash(parseAgentConfig(a));
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(agentConfigHash(parseAgentConfig({ limits: { max_wall_seconds: 100, max_turns: 10 }, model: a.model }))).toBe(h);
    expect(agentConfigHash(parseAgentConfig({ ...a, provider: { max_retries: 4 }, tools: ['bash', 'str_replace_based_edit_tool'] }))).toBe(
      h,
    );
    // Writing out the default prompt is the same behaviour as leaving it out.
    expect(agentConfigHash(parseAgentConfig({ ...a, prompts: { system: DEFAULT_SYSTEM_PROMPT } }))).toBe(h);
  });

  it('changes with anything that changes behaviour', () => {
    const h = agentConfigHash(parseAgentConfig(a));
    const variants = [
      { ...a, limits: { ...a.limits, max_turns: 11 } },
      { ...a, tools: ['bash'] },
      { ...a, provider: { temperature: 0 } },
      { ...a, prompts: { task: 'Do: {{task}}' } },
      { ...a, bash: { mode: 'session' } },
      { ...a, model: 'anthropic/claude-opus-5' },
      { ...a, pricing: { input_per_mtok: 1, output_per_mtok: 2 } },
    ] as const;
    const hashes = variants.map((v) => agentConfigHash(parseAgentConfig(v)));
    expect(new Set([h, ...hashes]).size).toBe(variants.length + 1);
  });

  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"z":1}]},"b":1}');
  });
});

describe('JSON Schema', () => {
  it('the checked-in schema file is current (regenerate with harness/config/write-schema.ts)', () => {
    const onDisk = JSON.parse(readFileSync(join(root, 'harness', 'config', 'agent-config.schema.json'), 'utf8'));
    expect(onDisk).toEqual(agentConfigJsonSchema());
    expect(onDisk.additionalProperties).toBe(false);
    expect(onDisk.required).toEqual(['model']);
  });
});

describe('prompts', () => {
  it('renders placeholders and refuses unknown ones', () => {
    expect(renderTemplate('a {{x}} b {{ y }} {{x}}', { x: '1', y: '2' })).toBe('a 1 b 2 1');
    expect(() => renderTemplate('{{nope}}', { x: '1' })).toThrow(/unknown placeholder \{\{nope\}\}/);
    expect(templatePlaceholders('{{a}} {{b}} {{a}}')).toEqual(['a', 'b']);
  });

  it('the default system prompt names the workdir and only the enabled tools', () => {
    const both = buildPrompts(parseAgentConfig({ model: 'noop' }), 'Fix it');
    expect(both.system).toContain('/testbed');
    expect(both.system).toContain('str_replace_based_edit_tool');
    expect(both.system).toMatch(/WITHOUT calling any tool/);
    expect(both.task).toBe('Fix it');
    const bashOnly = buildPrompts(parseAgentConfig({ model: 'noop', tools: ['bash'] }), 'x');
    expect(bashOnly.system).not.toContain('str_replace_based_edit_tool');
    expect(bashOnly.system).not.toMatch(/\{\{/);
  });
});
