// A hostile (or broken) model provider, through the REAL SDK clients against the mock server:
// replies that are JSON but not of the API's shape, numbers that would corrupt the spend,
// stream indices that would make the client walk a four-billion-slot array, values nested too
// deep to write back, bodies of tens of megabytes, streams that never end. Each is a
// TransportError naming what is wrong (a provider fault: retried, then infra_error `model_api`)
// — never a TypeError or a RangeError deep in the harness (internal_error), never a hang — and
// what an API may send (a long text, a long tool call) is bounded by the loop before anything
// copies it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAgent } from '../../harness/agent/loop.js';
import { MAX_CALL_INPUT, MAX_REPLY_TEXT } from '../../harness/agent/reply-bounds.js';
import type { CreateToolBox } from '../../harness/agent/tools/types.js';
import { parseAgentConfig } from '../../harness/config/agent-config.js';
import { TransportError } from '../../harness/core/errors.js';
import type { ToolCall } from '../../harness/core/messages.js';
import type { Sandbox } from '../../harness/core/sandbox.js';
import { createModelClient } from '../../harness/models/index.js';
import { MAX_PLAIN_REPLY_BYTES, MAX_REPLY_BYTES } from '../../harness/models/reply.js';
import { anthropicMessage, openaiCompletion, startMockLlmServer, type MockLlmServer, type MockReply } from '../helpers/mock-llm-server.js';

const ENV = { ANTHROPIC_API_KEY: 'sk-ant-replies-0123456789', OPENAI_API_KEY: 'sk-openai-replies-0123456789' };
type Provider = 'anthropic' | 'openai';

let server: MockLlmServer;
beforeAll(async () => {
  server = await startMockLlmServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.dropConnections();
  server.reset();
});

function client(provider: Provider, stream = false, timeoutSeconds = 60) {
  const config = parseAgentConfig({
    model: provider === 'anthropic' ? 'anthropic/claude-sonnet-5-5' : 'openai/gpt-4.1',
    provider: {
      base_url: provider === 'anthropic' ? server.url : `${server.url}/v1`,
      max_retries: 0,
      timeout_seconds: timeoutSeconds,
      stream,
    },
  });
  return { config, model: createModelClient(config, { env: ENV, warn: () => {} }) };
}

const request = { system: 's', messages: [{ role: 'user' as const, content: 'hi' }], tools: [] };
const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const chunk = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** Replies that are valid JSON but not a reply; each must be refused naming the field. */
const MALFORMED: Record<Provider, [string, string, RegExp][]> = {
  anthropic: [
    ['a null content block', JSON.stringify({ content: [null], usage: {} }), /content\.0/],
    ['a text block whose text is a number', JSON.stringify({ content: [{ type: 'text', text: 42 }], usage: {} }), /content\.0/],
    [
      'a tool_use with a numeric id',
      JSON.stringify({ content: [{ type: 'tool_use', id: 7, name: 'bash', input: {} }], usage: {} }),
      /content\.0/,
    ],
    ['a negative token count', JSON.stringify({ content: [], usage: { input_tokens: -5000 } }), /usage\.input_tokens/],
    ['a token count that is text', JSON.stringify({ content: [], usage: { output_tokens: 'lots' } }), /usage\.output_tokens/],
    ['a numeric stop reason', JSON.stringify({ content: [], usage: {}, stop_reason: 7 }), /stop_reason/],
    ['a body nested 200,000 deep', nested(200_000), /the body/],
    ['content nested 200,000 deep', `{"content": ${nested(200_000)}, "usage": {}}`, /content\.0/],
  ],
  openai: [
    ['content that is a number', JSON.stringify({ choices: [{ message: { content: 42 } }] }), /choices\.0\.message\.content/],
    ['tool_calls that are text', JSON.stringify({ choices: [{ message: { tool_calls: 'x' } }] }), /tool_calls/],
    ['a null tool call', JSON.stringify({ choices: [{ message: { tool_calls: [null] } }] }), /tool_calls\.0/],
    [
      'a function call without its function',
      JSON.stringify({ choices: [{ message: { tool_calls: [{ type: 'function', id: 'a', function: null }] } }] }),
      /tool_calls\.0/,
    ],
    ['a token count that is text', JSON.stringify({ choices: [{ message: {} }], usage: { prompt_tokens: 'x' } }), /usage\.prompt_tokens/],
    ['a body nested 200,000 deep', nested(200_000), /the body/],
  ],
};

/** Streams whose block index would make the client build (and walk) a sparse array of 2^32 slots. */
const HUGE_INDEX: Record<Provider, string> = {
  anthropic:
    sse('message_start', { type: 'message_start', message: { content: [], usage: {} } }) +
    sse('content_block_start', { type: 'content_block_start', index: 4294967294, content_block: { type: 'text', text: 'x' } }) +
    sse('message_stop', { type: 'message_stop' }),
  openai:
    chunk({
      choices: [{ index: 0, delta: { tool_calls: [{ index: 4294967294, id: 'c', function: { name: 'bash', arguments: '{}' } }] } }],
    }) +
    chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] }) +
    'data: [DONE]\n\n',
};

/** A body of `bytes` (JSON of one text reply, or a stream of text deltas). */
function hugeBody(provider: Provider, stream: boolean, bytes: number): string {
  const text = 'x'.repeat(bytes);
  if (!stream)
    return provider === 'anthropic'
      ? JSON.stringify({ content: [{ type: 'text', text }], usage: {} })
      : JSON.stringify({ choices: [{ message: { content: text } }] });
  const piece = 'x'.repeat(64 * 1024);
  const n = Math.ceil(bytes / piece.length);
  if (provider === 'anthropic') {
    const delta = sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } });
    return (
      sse('message_start', { type: 'message_start', message: { content: [], usage: {} } }) +
      sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) +
      delta.repeat(n) +
      sse('message_stop', { type: 'message_stop' })
    );
  }
  return (
    chunk({ choices: [{ index: 0, delta: { content: piece } }] }).repeat(n) +
    chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })
  );
}

/** The opening of a stream that never ends, and what it then repeats: text deltas (fast) or
 * keep-alives that carry nothing (slow). */
function endless(provider: Provider, repeat: 'text' | 'keep-alive'): { raw: string; repeat: string } {
  const piece = 'x'.repeat(64 * 1024);
  if (provider === 'anthropic')
    return {
      raw:
        sse('message_start', { type: 'message_start', message: { content: [], usage: {} } }) +
        sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      repeat:
        repeat === 'text'
          ? sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } })
          : sse('ping', { type: 'ping' }),
    };
  return {
    raw: chunk({ choices: [{ index: 0, delta: { content: '' } }] }),
    repeat: repeat === 'text' ? chunk({ choices: [{ index: 0, delta: { content: piece } }] }) : ': keep-alive\n\n',
  };
}

describe.each(['anthropic', 'openai'] as const)('%s: a hostile provider', (provider) => {
  for (const [what, raw, field] of MALFORMED[provider]) {
    it(`a reply with ${what} is a TransportError naming it`, async () => {
      server.enqueue(provider, { body: null, raw });
      const err = await client(provider)
        .model.complete(request)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransportError);
      expect((err as Error).message).toMatch(field);
    });
  }

  it('a stream naming block index 2^32-2 is refused at once', async () => {
    server.enqueue(provider, { body: null, raw: HUGE_INDEX[provider] });
    const err = await client(provider, true)
      .model.complete(request)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as Error).message).toMatch(/index 4294967294/);
  });

  for (const stream of [false, true]) {
    const cap = stream ? MAX_REPLY_BYTES : MAX_PLAIN_REPLY_BYTES;
    it(`a body over ${cap} bytes is not read further${stream ? ' (streamed)' : ''}`, async () => {
      server.enqueue(provider, { body: null, raw: hugeBody(provider, stream, cap + 1024 * 1024) });
      const err = await client(provider, stream)
        .model.complete(request)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransportError);
      expect((err as Error).message).toContain(`larger than ${cap} bytes`);
    });
  }

  it('a stream that never ends, sending text as fast as it can, is not read past the body cap', async () => {
    const { raw, repeat } = endless(provider, 'text');
    server.enqueue(provider, { body: null, raw, fault: { kind: 'endless', repeat, intervalMs: 1 } });
    const err = await client(provider, true)
      .model.complete(request)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as Error).message).toMatch(/larger than \d+ bytes/);
  });

  it('a stream that never ends, sending keep-alives that carry nothing, ends at the total deadline', async () => {
    const { raw, repeat } = endless(provider, 'keep-alive');
    server.enqueue(provider, { body: null, raw, fault: { kind: 'endless', repeat, intervalMs: 50 } });
    const err = await client(provider, true, 2)
      .model.complete(request)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as Error).message).toMatch(/no complete reply within 2 s/);
  });

  it('a long text and a long tool call that fit a body are bounded by the loop, the call not run', async () => {
    const big = 'q'.repeat(MAX_CALL_INPUT + 1000);
    const deep = JSON.parse(`{"command": ${'{"x":'.repeat(1000)}1${'}'.repeat(1000)}}`) as unknown;
    const calls: MockReply =
      provider === 'anthropic'
        ? anthropicMessage({
            toolUses: [
              { name: 'bash', input: { command: big } },
              { name: 'bash', input: deep },
              { name: 'bash', input: { command: 'echo small' } },
            ],
          })
        : openaiCompletion({
            toolCalls: [
              { name: 'bash', arguments: JSON.stringify({ command: big }) },
              { name: 'bash', arguments: JSON.stringify(deep) },
              { name: 'bash', arguments: JSON.stringify({ command: 'echo small' }) },
            ],
          });
    const text = 't'.repeat(6 * MAX_REPLY_TEXT) + '\n{"files": []}';
    server.enqueue(provider, calls, provider === 'anthropic' ? anthropicMessage({ text }) : openaiCompletion({ text }));
    const ran: ToolCall[] = [];
    const tools: CreateToolBox = () => ({
      specs: [{ name: 'bash', description: 'run', inputSchema: { type: 'object', properties: { command: { type: 'string' } } } }],
      run: async (call) => {
        ran.push(call);
        return { callId: call.id, output: 'ran', isError: false };
      },
    });
    // Streamed: a plain body of this size is over its own cap.
    const { config, model } = client(provider, true);
    const run = await runAgent({
      config,
      model,
      sandbox: { id: 'none', backend: 'local' } as unknown as Sandbox,
      system: 's',
      taskPrompt: 't',
      createToolBox: tools,
    });
    expect(ran.map((c) => c.input)).toEqual([{ command: 'echo small' }]);
    expect(run.trajectory.steps[0].observations.map((o) => o.isError)).toEqual([true, true, false]);
    expect(run.answer.length).toBeLessThan(MAX_REPLY_TEXT + 200);
    expect(run.answer.endsWith('{"files": []}')).toBe(true);
    // What goes back to the provider (and into the trajectory) is bounded too.
    expect(JSON.stringify(server.requestsFor(provider)[1].body).length).toBeLessThan(MAX_CALL_INPUT);
    // (the answer is there twice: the last reply's text and the final answer)
    expect(JSON.stringify(run.trajectory).length).toBeLessThan(3 * MAX_REPLY_TEXT);
  });
});
