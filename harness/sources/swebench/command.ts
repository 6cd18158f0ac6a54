// An export's test command as a test command plus the shell lines it runs first. Exports write
// `source …/activate && conda activate testbed && pytest -rA`, or a list of commands; the
// scorers run the test command themselves (their reporter, their file selection) and the lines
// before it as the task's `test_setup`, in the same shell.

/** Splits at `&&`, `;` and newlines outside quotes; undefined when the quoting does not close. */
function topLevelParts(cmd: string): string[] | undefined {
  const parts: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < cmd.length) cur += cmd[i++];
      cur += c;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '\\' && i + 1 < cmd.length) {
      cur += c + cmd[++i];
      continue;
    } else if (c === ';' || c === '\n' || (c === '&' && cmd[i + 1] === '&')) {
      if (c === '&') i++;
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  if (quote) return undefined;
  parts.push(cur);
  return parts.map((p) => p.trim()).filter(Boolean);
}

const runsPytest = (part: string) => /(^|[\s/=])(py\.test|pytest)(\s|$)/.test(part);

/** The test command (the last part, the one that runs pytest) and the setup lines before it.
 * A command that is not of that shape (no pytest in its last part, pytest in an earlier part)
 * is kept whole. */
export function splitTestCommand(value: string | string[]): { command: string; setup?: string } | undefined {
  const parts = Array.isArray(value) ? value.map((v) => v.trim()).filter(Boolean) : (topLevelParts(value) ?? [value.trim()]);
  if (!parts.length) return undefined;
  const whole = Array.isArray(value) ? parts.join(' && ') : value.trim();
  const last = parts[parts.length - 1];
  const before = parts.slice(0, -1);
  if (!before.length || !runsPytest(last) || before.some(runsPytest)) return { command: whole };
  return { command: last, setup: before.join('\n') };
}
