// A local HTTP server speaking just enough of the Anthropic Messages API (POST /v1/messages)
// and OpenAI Chat Completions (POST /v1/chat/completions), non-streaming, so tests drive the
// REAL SDK clients. Each route plays a queue of scripted replies (or a handler) and every
// request is recorded for assertions.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = 'anthropic' | 'openai';

export interface RecordedRequest {
  route: Route;
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface MockReply {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

export type MockHandler = (req: RecordedRequest) => MockReply | Promise<MockReply>;

const ROUTES: Record<string, Route> = { '/v1/messages': 'anthropic', '/v1/chat/completions': 'openai' };

export class MockLlmServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queues: Record<Route, (MockReply | MockHandler)[]> = { anthropic: [], openai: [] };
  private readonly fallbacks: Partial<Record<Route, MockHandler>> = {};
  private server!: Server;
  /** e.g. http://127.0.0.1:43210 — Anthropic's base URL; OpenAI's is `${url}/v1`. */
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
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
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
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
    this.queues.anthropic.length = 0;
    this.queues.openai.length = 0;
    delete this.fallbacks.anthropic;
    delete this.fallbacks.openai;
  }

  async close(): Promise<void> {
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
      stop_reason: opts.toolUses?.length ? 'tool_use' : 'end_turn',
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
          finish_reason: toolCalls.length ? 'tool_calls' : 'stop',
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
