// The bash tool: runs the agent's command in the sandbox and renders exit code, stdout and
// stderr as one observation. Stateless by default; "session" mode carries the working
// directory and exported variables from one call to the next.
//
// Why session mode is emulated rather than a long-lived shell: Sandbox.exec is the only
// primitive every backend offers, and a persistent process would need a pty/attach per
// backend and would die with a timeout. Instead each command is wrapped: restore the saved
// cwd and `export -p` dump, eval the command in that same shell, and on EXIT write `pwd`
// and `export -p` back to a per-ToolBox state folder under /tmp/.agent-session. Limits: only
// exported variables persist (not plain shell variables, functions, aliases or `set` options),
// unsetting a variable the sandbox itself provides does not stick, and a command killed by
// the timeout keeps the state saved by the call before it.
import { randomBytes } from 'node:crypto';
import type { ExecResult, Sandbox } from '../../core/sandbox.js';
import { TESTBED } from '../../core/sandbox.js';
import { fail, ok, optBoolean, optString, ParamError, shq, type ToolOutcome } from './outcome.js';

export const SESSION_ROOT = '/tmp/.agent-session';

export interface BashOptions {
  timeoutMs: number;
  outputCapBytes: number;
  mode: 'stateless' | 'session';
}

export class BashTool {
  /** This ToolBox's own state folder, so two agents sharing a sandbox never mix sessions. */
  readonly stateDir = `${SESSION_ROOT}/${randomBytes(6).toString('hex')}`;

  constructor(
    private readonly sandbox: Sandbox,
    private readonly options: BashOptions,
  ) {}

  async run(input: Record<string, unknown>): Promise<ToolOutcome> {
    let command: string | undefined;
    let restart: boolean | undefined;
    try {
      command = optString(input, 'command');
      restart = optBoolean(input, 'restart');
    } catch (e) {
      if (e instanceof ParamError) return fail(e.message);
      throw e;
    }
    let prefix = '';
    if (restart) {
      prefix = await this.restart();
      if (command === undefined || command.trim() === '') return ok(prefix);
      prefix += '\n';
    }
    if (command === undefined) return fail('Parameter "command" is required: the bash command to run.');
    if (command.trim() === '') return fail('Parameter "command" is empty: give a bash command to run.');
    const script = this.options.mode === 'session' ? this.wrap(command) : command;
    const r = await this.sandbox.exec(script, {
      timeoutMs: this.options.timeoutMs,
      outputCapBytes: this.options.outputCapBytes,
      cwd: TESTBED,
    });
    return { output: prefix + formatObservation(r, this.options), isError: r.timedOut };
  }

  private async restart(): Promise<string> {
    if (this.options.mode !== 'session') {
      return 'Nothing to restart: every bash call already starts a fresh shell in /testbed.';
    }
    const r = await this.sandbox.exec(`rm -rf -- ${shq(this.stateDir)}`, { timeoutMs: 30_000, cwd: TESTBED });
    if (r.exitCode !== 0) return `Restart may be incomplete: ${r.stderr.trim()}`;
    return `The bash session was restarted: the working directory is ${TESTBED} again and exported variables are reset.`;
  }

  /** The session wrapper (see the file comment). The command is eval'ed, not pasted, so a
   * syntax error in it is reported by eval and the state is still saved. */
  private wrap(command: string): string {
    const dir = shq(this.stateDir);
    // One line, so bash's "eval: line N" in an error message is the line of the agent's command.
    return [
      `__as_dir=${dir}`,
      `if [ -r "$__as_dir/env" ]; then . "$__as_dir/env" 2>/dev/null; fi`,
      `if [ -r "$__as_dir/cwd" ]; then __as_cwd=$(cat "$__as_dir/cwd"); cd -- "$__as_cwd" 2>/dev/null || echo "note: the previous working directory $__as_cwd no longer exists; running in $PWD" >&2; unset __as_cwd; fi`,
      // Saved through temp files and mv so a half-written state never gets restored.
      `trap '__as_rc=$?; { mkdir -p "$__as_dir" && pwd > "$__as_dir/cwd.tmp" && export -p > "$__as_dir/env.tmp" && mv -f "$__as_dir/cwd.tmp" "$__as_dir/cwd" && mv -f "$__as_dir/env.tmp" "$__as_dir/env"; } 2>/dev/null; exit $__as_rc' EXIT`,
      `eval ${shq(command)}`,
    ].join('; ');
  }
}

/** Renders an exec result for the model: status line, then non-empty stdout / stderr
 * sections. The sandbox's own cut marker stays inside the text untouched. */
export function formatObservation(r: ExecResult, opts: { timeoutMs: number; outputCapBytes: number }): string {
  const lines: string[] = [];
  if (r.timedOut) {
    lines.push(
      `The command timed out after ${formatSeconds(opts.timeoutMs)} and was killed. ` +
        'Output printed before that is below. Run long jobs with a time limit or in the background.',
    );
  }
  lines.push(r.exitCode === null ? 'exit code: none (killed)' : `exit code: ${r.exitCode}`);
  const section = (name: string, body: string) => {
    if (body === '') return;
    lines.push(`--- ${name} ---`);
    lines.push(body.endsWith('\n') ? body.slice(0, -1) : body);
  };
  section('stdout', r.stdout);
  section('stderr', r.stderr);
  if (r.stdout === '' && r.stderr === '') lines.push('(no output)');
  if (r.truncated) {
    lines.push(
      `[output was longer than ${opts.outputCapBytes} bytes per stream: only its start and end are shown. ` +
        'Redirect to a file and read parts of it (head, tail, grep) to see more.]',
    );
  }
  return lines.join('\n');
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
