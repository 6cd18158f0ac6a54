// A configuration that cannot work stops `atomic-skills run` at once: one request (the
// preflight), a non-zero exit, a message naming the configuration and the endpoint, no key.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockLlmServer, openaiError, startMockLlmServer } from '../helpers/mock-llm-server.js';

const bin = new URL('../../bin/atomic-skills.js', import.meta.url).pathname;
const KEY = 'sk-cli-config-error-0000000000';

let server: MockLlmServer;
beforeAll(async () => {
  server = await startMockLlmServer();
});
afterAll(() => server.close());

describe('atomic-skills run with a configuration that cannot work', () => {
  it('exits non-zero after one request, naming the endpoint (a base URL from the environment)', async () => {
    server.fallback('openai', () => openaiError(401, 'Incorrect API key provided', 'invalid_api_key'));
    const out = mkdtempSync(path.join(tmpdir(), 'as-cli-config-'));
    // The server runs in this process: the CLI must be awaited, not waited for synchronously.
    const result = await promisify(execFile)(
      process.execPath,
      [bin, 'run', '--model', 'openai/gpt-4.1', '--skills', 'localization', '--limit', '1', '--out', out],
      { env: { ...process.env, OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${server.url}/v1` }, encoding: 'utf8' },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('preflight failed');
    expect(result.stderr).toContain(`HTTP 401 from ${server.url}/v1`);
    expect(result.stderr).not.toContain(KEY);
    expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(server.requests).toHaveLength(1);
    expect(readdirSync(out)).toEqual([]);
  });
});
