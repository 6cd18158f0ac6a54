// A reply is bounded where it enters the loop: giant text keeps its head and tail (so the
// answer at its end is still found), a giant tool call is answered with an error instead of
// run, and giant names / unparsable arguments are cut — an honest reply passes untouched.
import { describe, expect, it } from 'vitest';
import { runAgent } from '../../harness/agent/loop.js';
import { MAX_CALL_DEPTH, MAX_CALL_INPUT, MAX_REPLY_TEXT, boundReply, cutMiddle, jsonSizeOver } from '../../harness/agent/reply-bounds.js';
import type { CreateToolBox } from '../../harness/agent/tools/types.js';
import { parseAgentConfig } from '../../harness/config/agent-config.js';
import type { ModelClient, ModelResponse, ToolCall } from '../../harness/core/messages.js';
import type { Sandbox } from '../../harness/core/sandbox.js';
import { extractLastJsonObject } from '../../skills/shared/answer.js';

const usage = { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 };
const reply = (r: Partial<ModelResponse>): ModelResponse => ({ text: '', toolCalls: [], stopReason: 'end_turn', usage, ...r });

describe('cutMiddle', () => {
  it('returns text within the limit as it is, and keeps head, marker and tail of longer text', () => {
    expect(cutMiddle('short', 10)).toBe('short');
    const text = 'H'.repeat(100) + 'm'.repeat(10_000) + 'T'.repeat(500);
    const cut = cutMiddle(text, 1000, 100);
    expect(cut.startsWith('H'.repeat(100) + '\n[… ')).toBe(true);
    expect(cut.endsWith('m'.repeat(400) + 'T'.repeat(500))).toBe(true);
    expect(cut).toContain(`${text.length - 1000} characters cut`);
    expect(cut.length).toBeLessThan(1100);
  });
});

describe('jsonSizeOver', () => {
  it('counts strings, keys and items, nested', () => {
    expect(jsonSizeOver({ command: 'x'.repeat(50) }, 1e9)).toBeGreaterThanOrEqual(50 + 'command'.length);
    expect(jsonSizeOver({ a: [{ b: 'y'.repeat(5000) }, 'z'.repeat(5000)] }, 1e9)).toBeGreaterThan(10_000);
  });
  it('is Infinity for a value nested deeper than a tool call may be', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonSizeOver({ a: deep }, 1e9)).toBe(Infinity);
    let ok: unknown = 'leaf';
    for (let i = 0; i < MAX_CALL_DEPTH - 1; i++) ok = { k: ok };
    expect(jsonSizeOver(ok, 1e9)).toBeLessThan(1000);
  });
  it('stops counting once past the limit (a lower bound above it)', () => {
    const many = { parts: Array.from({ length: 10_000 }, () => 'p'.repeat(1000)) };
    const n = jsonSizeOver(many, 50_000);
    expect(n).toBeGreaterThan(50_000);
    expect(n).toBeLessThan(1_000_000); // of 10 million
  });
});

describe('boundReply', () => {
  it('leaves an honest reply as the same object', () => {
    const r = reply({ text: 'looks fine\n{"files": ["a.py"]}', toolCalls: [{ id: 't1', name: 'bash', input: { command: 'ls' } }] });
    const b = boundReply(r);
    expect(b.reply).toBe(r);
    expect(b.oversized.size).toBe(0);
  });

  it('cuts giant text to the limit and keeps the answer at its end', () => {
    const r = reply({ text: 'x'.repeat(3 * MAX_REPLY_TEXT) + '\n{"files": ["src/a.py"]}' });
    const b = boundReply(r).reply;
    expect(b.text.length).toBeLessThan(MAX_REPLY_TEXT + 200);
    expect(extractLastJsonObject(b.text)).toEqual({ files: ['src/a.py'] });
  });

  it('marks a call with giant arguments and keeps none of them; cuts giant names, ids and raw arguments', () => {
    const big: ToolCall = {
      id: 'c1',
      name: 'str_replace_based_edit_tool',
      input: { command: 'create', file_text: 'z'.repeat(MAX_CALL_INPUT + 1) },
    };
    const named: ToolCall = { id: 'i'.repeat(100_000), name: 'n'.repeat(100_000), input: { command: 'ls' } };
    const raw: ToolCall = { id: 'c3', name: 'bash', input: undefined, rawInput: '{'.repeat(10 * MAX_CALL_INPUT) };
    const b = boundReply(reply({ toolCalls: [big, named, raw] }));
    const [cBig, cNamed, cRaw] = b.reply.toolCalls;
    expect(b.oversized.has(cBig)).toBe(true);
    expect(cBig.input).toBeUndefined();
    expect(cBig.rawInput!.length).toBeLessThan(100);
    expect(cNamed.name.length + cNamed.id.length).toBeLessThan(1000);
    expect(cNamed.input).toEqual({ command: 'ls' });
    expect(b.oversized.has(cNamed)).toBe(false);
    expect(cRaw.rawInput!.length).toBeLessThan(70 * 1024);
  });

  it('does not keep arguments nested too deeply to be written as JSON', () => {
    let deep: Record<string, unknown> = { command: 'ls' };
    for (let i = 0; i < 50_000; i++) deep = { d: deep };
    const b = boundReply(reply({ toolCalls: [{ id: 'd', name: 'bash', input: deep }] }));
    expect(b.oversized.has(b.reply.toolCalls[0])).toBe(true);
    expect(() => JSON.stringify(b.reply)).not.toThrow();
  });
});

describe('the loop bounds what a reply carries', () => {
  it('answers a giant call with an error without running it, and keeps a bounded final answer', async () => {
    const ran: ToolCall[] = [];
    const tools: CreateToolBox = () => ({
      specs: [{ name: 'bash', description: 'run', inputSchema: { type: 'object' } }],
      run: async (call) => {
        ran.push(call);
        return { callId: call.id, output: 'ran', isError: false };
      },
    });
    const replies = [
      reply({
        toolCalls: [
          { id: 'a', name: 'bash', input: { command: 'echo ' + 'A'.repeat(2 * MAX_CALL_INPUT) } },
          { id: 'b', name: 'bash', input: { command: 'echo small' } },
        ],
        stopReason: 'tool_use',
      }),
      reply({ text: 'y'.repeat(5 * MAX_REPLY_TEXT) + '{"files": []}' }),
    ];
    let n = 0;
    const model: ModelClient = { id: 'scripted', complete: async () => replies[n++] };
    const run = await runAgent({
      config: parseAgentConfig({ model: 'anthropic/claude-sonnet-4-5' }),
      model,
      sandbox: { id: 'fake', backend: 'local' } as unknown as Sandbox,
      taskPrompt: 't',
      createToolBox: tools,
    });
    expect(ran.map((c) => c.id)).toEqual(['b']);
    const [obsA, obsB] = run.trajectory.steps[0].observations;
    expect(obsA).toMatchObject({ isError: true });
    expect(obsA.output).toContain('it was not run');
    expect(obsB.output).toBe('ran');
    expect(JSON.stringify(run.trajectory).length).toBeLessThan(3 * MAX_REPLY_TEXT);
    expect(run.answer.length).toBeLessThan(MAX_REPLY_TEXT + 200);
    expect(extractLastJsonObject(run.answer)).toEqual({ files: [] });
  });
});
