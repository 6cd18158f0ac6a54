// What one tool invocation produced, before the ToolBox attaches the call id, plus the
// parameter checks every tool shares (a bad parameter is the agent's mistake, not a crash).

export interface ToolOutcome {
  output: string;
  isError: boolean;
}

export const ok = (output: string): ToolOutcome => ({ output, isError: false });
export const fail = (output: string): ToolOutcome => ({ output, isError: true });

/** Thrown by the checks below and turned into an isError outcome by the tool that called them. */
export class ParamError extends Error {}

type Input = Record<string, unknown>;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  return `${typeof value === 'object' ? 'an object' : `a ${typeof value}`}`;
}

export function optString(input: Input, name: string): string | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new ParamError(`Parameter "${name}" must be a string, but got ${describe(v)}.`);
  return v;
}

export function reqString(input: Input, name: string, forWhat: string): string {
  const v = optString(input, name);
  if (v === undefined) throw new ParamError(`Parameter "${name}" is required ${forWhat}.`);
  return v;
}

export function optBoolean(input: Input, name: string): boolean | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new ParamError(`Parameter "${name}" must be true or false, but got ${describe(v)}.`);
  return v;
}

export function reqInteger(input: Input, name: string, forWhat: string): number {
  const v = input[name];
  if (v === undefined || v === null) throw new ParamError(`Parameter "${name}" is required ${forWhat}.`);
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new ParamError(`Parameter "${name}" must be an integer, but got ${describe(v)}.`);
  }
  return v;
}

/** Single-quotes a string for bash, so paths with spaces or quotes reach commands intact. */
export function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
