// A tiny OpenAI-compatible chat-completions server for bench/scheduler: every reply comes
// after DELAY_MS; the first TURNS-1 replies of a conversation call `bash true`, then a final
// answer. Run as a child process (so it does not share the runner's event loop); prints its
// port on stdout.
import { createServer } from 'node:http';

const delay = Number(process.env.DELAY_MS ?? 200);
const turns = Number(process.env.TURNS ?? 5);
let served = 0;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const done = (body.messages ?? []).filter((m) => m.role === 'assistant').length;
    const message =
      done < turns - 1
        ? {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: `call_${done}`, type: 'function', function: { name: 'bash', arguments: '{"command":"true"}' } }],
          }
        : { role: 'assistant', content: '{"files": ["src/index.js"]}' };
    const reply = {
      id: `cmpl-${++served}`,
      object: 'chat.completion',
      created: 0,
      model: body.model ?? 'mock',
      choices: [{ index: 0, message, finish_reason: message.tool_calls ? 'tool_calls' : 'stop' }],
      usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 },
    };
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply));
    }, delay);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
