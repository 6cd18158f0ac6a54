// The one redactor. Every record the harness writes (results, trajectories, run.json, reports,
// log lines) passes through it: it knows the VALUES of the configured API keys (registered by
// the model clients, whatever environment they were given) and of the environment's
// credential variables, so a key a provider echoes back never reaches disk or a terminal.
// Structured settings (agent configs in run.json) are also cleared of secret-named fields.

export const REDACTED = '[REDACTED]';

/** Environment variables whose values are API credentials the providers may read. */
export const KNOWN_SECRET_ENV = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'OPENAI_API_KEY'];
const SECRET_ENV_NAME = /(KEY|TOKEN|SECRET|PASSWORD)$/i;
/** Shorter values are not plausible keys and would redact innocent text. */
const MIN_SECRET_LENGTH = 8;
/** Key values the providers actually read (whatever env they were given): always redacted. */
const registered = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= MIN_SECRET_LENGTH) registered.add(value);
}

/** Values of the environment's credentials (the known key variables, any `*_KEY`/`*_TOKEN`-like
 * variable, the extra names given) plus every registered key. */
export function knownSecrets(env: NodeJS.ProcessEnv = process.env, extraNames: readonly string[] = []): string[] {
  const names = new Set([...KNOWN_SECRET_ENV, ...extraNames, ...Object.keys(env).filter((k) => SECRET_ENV_NAME.test(k))]);
  const values = [...names].map((n) => env[n]).filter((v): v is string => typeof v === 'string' && v.length >= MIN_SECRET_LENGTH);
  return [...new Set([...values, ...registered])];
}

/** Replaces every occurrence of each secret (raw and JSON-escaped) with [REDACTED]. */
export function redactText(text: string, secrets: readonly string[] = knownSecrets()): string {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (!s || s.length < MIN_SECRET_LENGTH) continue;
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
  }
  let out = text;
  // Longest first, so a key that contains another is removed whole.
  for (const f of [...forms].sort((a, b) => b.length - a.length)) if (out.includes(f)) out = out.split(f).join(REDACTED);
  return out;
}

const SECRET_FIELD =
  /^(?:.*[_-])?(?:api[_-]?key|apikey|secret|secrets|password|passwd|token|auth|authorization|credentials?|private[_-]?key|bearer)$/i;
const SECRET_LOOKING_VALUE = /^(?:sk-[A-Za-z0-9_-]{16,}|Bearer\s+\S+)$/;

/** A deep copy of settings with secret-named fields, key-looking strings and known key values
 * replaced by [REDACTED] (for configs and options written to run.json). */
export function redactSettings<T>(value: T, secrets: readonly string[] = knownSecrets()): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return SECRET_LOOKING_VALUE.test(v) ? REDACTED : redactText(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const snake = k.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
        out[k] = SECRET_FIELD.test(snake) && x !== null && x !== undefined && x !== '' ? REDACTED : walk(x);
      }
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

/** A log function whose every line is redacted first. */
export function redactingLog(log: (message: string) => void): (message: string) => void {
  return (message) => log(redactText(message));
}
