// A local HTTP server speaking just enough of the Anthropic Messages API (POST /v1/messages)
// and OpenAI Chat Completions (POST /v1/chat/completions), plain or streamed (SSE, when the
// request asks for stream: true), so tests drive the REAL SDK clients. Each route plays a
// queue of scripted replies (or a handler); every request is recorded, and the usage of every
// reply delivered whole with a 2xx is added up as `billed` (what a vendor would charge).
// Faults are injected per reply: a body that drips or stalls, one cut off mid-way, raw text
// (invalid JSON, empty), or headers that never come.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Route = 'anthropic' | 'openai';

export interface RecordedRequest {
  route: Route;
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** How a reply's body goes wrong. */
export type Fault =
  /** Headers, then the body one byte every intervalMs (a slow proxy: it does end, eventually). */
  | { kind: 'drip'; intervalMs: number }
  /** Headers and the first `afterBytes` bytes, then silence with the connection open. */
  | { kind: 'stall'; afterBytes: number }
  /** Headers and the first `afterBytes` bytes, then the connection is destroyed. */
  | { kind: 'cut'; afterBytes: number }
  /** No headers, ever (the connection stays open). */
  | { kind: 'hang' }
  /** Headers and the whole body, then `repeat` written every intervalMs, never ending. */
  | { kind: 'endless'; repeat: string; intervalMs: number };

export interface MockReply {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
  /** Sent verbatim instead of the JSON of `body` (invalid JSON, an empty 200). */
  raw?: string;
  fault?: Fault;
}

export interface BilledUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  replies: number;
}

export type MockHandler = (req: RecordedRequest) => MockReply | Promise<MockReply>;

const ROUTES: Record<string, Route> = { '/v1/messages': 'anthropic', '/v1/chat/completions': 'openai' };

export class MockLlmServer {
  readonly requests: RecordedRequest[] = [];
  /** Usage of the replies delivered whole with a 2xx status (Anthropic's fields; OpenAI's mapped). */
  readonly billed: BilledUsage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, replies: 0 };
  /** The same, per model named in the request. */
  readonly billedByModel = new Map<string, BilledUsage>();
  /** Sockets with a reply in progress (a stalled or hanging one never leaves). */
  private readonly busy = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly queues: Record<Route, (MockReply | MockHandler)[]> = { anthropic: [], openai: [] };
  private readonly fallbacks: Partial<Record<Route, MockHandler>> = {};
  private server!: Server;
  /** e.g. http://127.0.0.1:43210 — Anthropic's base URL; OpenAI's is `${url}/v1`. */
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      // A handler that throws answers 500 (never an unhandled rejection in the test process).
      req.on('end', () => {
        this.answer(req, chunks, res).catch((err: unknown) => {
          if (res.headersSent) return void res.destroy();
          const message = `mock: ${err instanceof Error ? err.message : String(err)}`;
          res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { type: 'api_error', message } }));
        });
      });
    });

    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  private async answer(req: IncomingMessage, chunks: Buffer[], res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    const route = ROUTES[path];
    if (!route || req.method !== 'POST') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such route"}');
      return;
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const recorded: RecordedRequest = { route, method: req.method, path, headers: req.headers, body: text ? JSON.parse(text) : null };
    this.requests.push(recorded);
    const next = this.queues[route].shift() ?? this.fallbacks[route];
    const reply: MockReply = !next
      ? { status: 500, body: { error: { type: 'api_error', message: `mock: no reply queued for ${route}` } } }
      : typeof next === 'function'
        ? await next(recorded)
        : next;
    this.send(route, recorded, reply, res);
  }

  private send(route: Route, req: RecordedRequest, reply: MockReply, res: ServerResponse): void {
    const socket = res.socket;
    if (socket) {
      this.busy.add(socket);
      const done = () => this.busy.delete(socket);
      res.on('finish', done);
      socket.on('close', done);
    }
    if (reply.fault?.kind === 'hang') return;
    const status = reply.status ?? 200;
    const streamed = req.body?.stream === true && status < 300 && reply.raw === undefined;
    const payload = reply.raw ?? (streamed ? toSse(route, reply.body) : JSON.stringify(reply.body));
    res.writeHead(status, { 'content-type': streamed ? 'text/event-stream' : 'application/json', ...reply.headers });
    const bill = () => {
      if (status < 300 && reply.raw === undefined) this.bill(route, reply.body, String(req.body?.model ?? ''));
    };
    const bytes = Buffer.from(payload);
    const fault = reply.fault;
    if (!fault) {
      res.end(bytes, bill);
      return;
    }
    if (fault.kind === 'drip') {
      let i = 0;
      const tick = () => {
        if (res.destroyed) return;
        if (i >= bytes.length) return void res.end(bill);
        res.write(bytes.subarray(i, ++i));
        this.later(tick, fault.intervalMs);
      };
      tick();
      return;
    }
    if (fault.kind === 'endless') {
      const more = Buffer.from(fault.repeat);
      const tick = () => {
        if (res.destroyed) return;
        res.write(more);
        this.later(tick, fault.intervalMs);
      };
      res.write(bytes);
      tick();
      return;
    }
    res.write(bytes.subarray(0, fault.afterBytes));
    if (fault.kind === 'cut') this.later(() => res.socket?.destroy(), 20);
  }

  private later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private bill(route: Route, body: unknown, model: string): void {
    const u = (body as { usage?: Record<string, unknown> })?.usage;
    if (!u) return;
    const n = (v: unknown) => (typeof v === 'number' ? v : 0);
    const cached = n((u.prompt_tokens_details as Record<string, unknown> | undefined)?.cached_tokens);
    const add: BilledUsage =
      route === 'anthropic'
        ? {
            input: n(u.input_tokens),
            output: n(u.output_tokens),
            cacheRead: n(u.cache_read_input_tokens),
            cacheWrite: n(u.cache_creation_input_tokens),
            replies: 1,
          }
        : { input: n(u.prompt_tokens) - cached, output: n(u.completion_tokens), cacheRead: cached, cacheWrite: 0, replies: 1 };
    if (!this.billedByModel.has(model)) this.billedByModel.set(model, { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, replies: 0 });
    for (const target of [this.billed, this.billedByModel.get(model)!])
      for (const k of Object.keys(add) as (keyof BilledUsage)[]) target[k] += add[k];
  }

  /** Replies played in order, one per request on that route. */
  enqueue(route: Route, ...replies: (MockReply | MockHandler)[]): this {
    this.queues[route].push(...replies);
    return this;
  }

  /** Answers every request once the queue is empty. */
  fallback(route: Route, handler: MockHandler): this {
    this.fallbacks[route] = handler;
    return this;
  }

  requestsFor(route: Route): RecordedRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  reset(): void {
    this.requests.length = 0;
    Object.assign(this.billed, { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, replies: 0 });
    this.billedByModel.clear();
    this.queues.anthropic.length = 0;
    this.queues.openai.length = 0;
    delete this.fallbacks.anthropic;
    delete this.fallbacks.openai;
  }

  /** Ends every reply still in progress (stalled, dripping and hanging ones). */
  dropConnections(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of this.busy) s.destroy();
    this.busy.clear();
  }

  async close(): Promise<void> {
    this.dropConnections();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export async function startMockLlmServer(): Promise<MockLlmServer> {
  return new MockLlmServer().start();
}

// ---- reply builders -------------------------------------------------------------------------

export interface AnthropicUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

let counter = 0;

/** A Messages API reply: optional thinking blocks, optional text, then tool_use blocks. */
export function anthropicMessage(opts: {
  thinking?: { thinking: string; signature: string }[];
  text?: string;
  toolUses?: { name: string; input: unknown; id?: string }[];
  usage?: AnthropicUsage;
  model?: string;
  /** Default: tool_use when there are tool uses, else end_turn. */
  stopReason?: string;
}): MockReply {
  const content: unknown[] = (opts.thinking ?? []).map((t) => ({ type: 'thinking', ...t }));
  if (opts.text !== undefined) content.push({ type: 'text', text: opts.text });
  for (const t of opts.toolUses ?? []) content.push({ type: 'tool_use', id: t.id ?? `toolu_${++counter}`, name: t.name, input: t.input });
  return {
    body: {
      id: `msg_${++counter}`,
      type: 'message',
      role: 'assistant',
      model: opts.model ?? 'claude-sonnet-5-5',
      content,
      stop_reason: opts.stopReason ?? (opts.toolUses?.length ? 'tool_use' : 'end_turn'),
      stop_sequence: null,
      usage: {
        input_tokens: 100,
        output_tokens: 20,
        cache_read_input_tokens: 0,
        cache_creation_input_tokens: 0,
        ...opts.usage,
      },
    },
  };
}

export function anthropicError(status: number, type: string, message: string, headers: Record<string, string> = {}): MockReply {
  return { status, headers, body: { type: 'error', error: { type, message } } };
}

/** A Chat Completions reply; tool call arguments are sent verbatim (so they can be malformed). */
export function openaiCompletion(opts: {
  text?: string | null;
  toolCalls?: { name: string; arguments: string; id?: string }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number; cached_tokens?: number };
  model?: string;
  /** Default: tool_calls when there are tool calls, else stop. */
  finishReason?: string;
}): MockReply {
  const { prompt_tokens = 100, completion_tokens = 20, cached_tokens = 0 } = opts.usage ?? {};
  const toolCalls = (opts.toolCalls ?? []).map((t) => ({
    id: t.id ?? `call_${++counter}`,
    type: 'function',
    function: { name: t.name, arguments: t.arguments },
  }));
  return {
    body: {
      id: `chatcmpl-${++counter}`,
      object: 'chat.completion',
      created: 1_700_000_000,
      model: opts.model ?? 'gpt-4.1',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: opts.text ?? null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
          finish_reason: opts.finishReason ?? (toolCalls.length ? 'tool_calls' : 'stop'),
        },
      ],
      usage: {
        prompt_tokens,
        completion_tokens,
        total_tokens: prompt_tokens + completion_tokens,
        prompt_tokens_details: { cached_tokens },
      },
    },
  };
}

export function openaiError(status: number, message: string, code: string | null = null, headers: Record<string, string> = {}): MockReply {
  return { status, headers, body: { error: { message, type: 'invalid_request_error', code, param: null } } };
}

// ---- streaming --------------------------------------------------------------------------------

const sse = (event: string | undefined, data: unknown) => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;

/** A reply body as the server-sent events a streaming request gets (deltas split in two). */
export function toSse(route: Route, body: unknown): string {
  const b = body as { content?: unknown; choices?: unknown };
  // Not a reply (a proxy's page): sent as one event, as such a server would.
  if (!Array.isArray(route === 'anthropic' ? b?.content : b?.choices)) return sse(undefined, body);
  return route === 'anthropic' ? anthropicEvents(body as AnthropicBody) : openaiChunks(body as OpenAIBody);
}

interface AnthropicBody {
  content: { type: string; [k: string]: unknown }[];
  stop_reason: string;
  usage: AnthropicUsage;
  [k: string]: unknown;
}

const halves = (s: string) => [s.slice(0, Math.ceil(s.length / 2)), s.slice(Math.ceil(s.length / 2))].filter(Boolean);

function anthropicEvents(body: AnthropicBody): string {
  const { content, stop_reason, usage, ...message } = body;
  let out = sse('message_start', {
    type: 'message_start',
    message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } },
  });
  content.forEach((block, index) => {
    if (block.type === 'text') {
      out += sse('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const text of halves(String(block.text)))
        out += sse('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
    } else if (block.type === 'tool_use') {
      out += sse('content_block_start', { type: 'content_block_start', index, content_block: { ...block, input: {} } });
      for (const partial_json of halves(JSON.stringify(block.input)))
        out += sse('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } });
    } else out += sse('content_block_start', { type: 'content_block_start', index, content_block: block });
    out += sse('content_block_stop', { type: 'content_block_stop', index });
    out += sse('ping', { type: 'ping' });
  });
  out += sse('message_delta', {
    type: 'message_delta',
    delta: { stop_reason, stop_sequence: null },
    usage: { output_tokens: usage.output_tokens },
  });
  return out + sse('message_stop', { type: 'message_stop' });
}

interface OpenAIBody {
  id: string;
  model: string;
  choices: {
    message: { content: string | null; tool_calls?: { id: string; function: { name: string; arguments: string } }[] };
    finish_reason: string;
  }[];
  usage: unknown;
}

function openaiChunks(body: OpenAIBody): string {
  const chunk = (delta: unknown, finish_reason: string | null = null) =>
    sse(undefined, { id: body.id, object: 'chat.completion.chunk', model: body.model, choices: [{ index: 0, delta, finish_reason }] });
  const { message, finish_reason } = body.choices[0];
  let out = chunk({ role: 'assistant', content: '' });
  for (const content of halves(message.content ?? '')) out += chunk({ content });
  (message.tool_calls ?? []).forEach((tc, index) => {
    out += chunk({ tool_calls: [{ index, id: tc.id, type: 'function', function: { name: tc.function.name, arguments: '' } }] });
    for (const args of halves(tc.function.arguments)) out += chunk({ tool_calls: [{ index, function: { arguments: args } }] });
  });
  out += chunk({}, finish_reason);
  out += sse(undefined, { id: body.id, object: 'chat.completion.chunk', model: body.model, choices: [], usage: body.usage });
  return out + 'data: [DONE]\n\n';
}
