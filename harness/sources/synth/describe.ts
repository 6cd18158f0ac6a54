// The texts of synthetic tasks, written from the failing tests alone: their names and the
// first lines of their failure messages. Nothing names the changed file or function (unless a
// test's own name does) or shows the changed code.
import type { TestCaseResult } from './junit.js';
import type { Bug } from './bugs.js';

const MAX_TESTS = 5;
const MAX_MESSAGES = 3;

/** "tests/test_iso.py::TestParse::test_offsets[+01]" → "TestParse::test_offsets[+01]"; node ids keep "a > b". */
function testName(t: Pick<TestCaseResult, 'id' | 'file'>): string {
  return t.id.slice(t.file.length + 2) || t.id;
}

/** "test_parse_offsets" → "parse offsets"; "TestTable::test_render[x]" → "table render"; "parse > splits rows" kept. */
export function behaviourOf(name: string): string {
  if (name.includes(' ')) return name.replace(/\s*>\s*/g, ': ');
  return name
    .replace(/\[.*$/s, '')
    .split('::')
    .map((p) => p.replace(/^Test(?=[A-Z_])/, '').replace(/^test_?/i, ''))
    .filter(Boolean)
    .map((p) =>
      p
        .replace(/_+/g, ' ')
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .toLowerCase()
        .trim(),
    )
    .join(': ');
}

/** Parts of a message that differ from run to run (addresses, temp paths, uuids): the same bug
 * must give the same text. */
function steady(line: string): string {
  return line
    .replace(/\b0x[0-9a-fA-F]{4,}\b/g, '0x…')
    .replace(/\/tmp\/[^\s'"`)]*/g, '/tmp/…')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>');
}

/** The first lines of a failure message, without paths into the repository, source lines or the bug's files. */
export function cleanMessage(message: string, hide: string[]): string {
  const lines = steady(message)
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() && !/\/testbed\/|File "|^\s+at /.test(l) && !hide.some((h) => h && l.includes(h)));
  const text = lines.slice(0, 4).join('\n');
  return text.length > 400 ? `${text.slice(0, 397)}...` : text;
}

/** Words that would point at the fix: the bug's file paths and their base names. */
function hidden(bug: Bug): string[] {
  return [...new Set(bug.parts.flatMap((p) => [p.file, p.file.split('/').pop() ?? '']))];
}

function failureLines(bug: Bug): string[] {
  const out: string[] = [];
  for (const t of bug.failing.slice(0, MAX_MESSAGES)) {
    const msg = cleanMessage(t.message ?? '', hidden(bug));
    const kind = t.type ? t.type.split('.').pop() : 'a failure';
    out.push(`- \`${testName(t)}\` fails with ${kind}${msg ? ':' : '.'}`);
    if (msg) out.push('', ...msg.split('\n').map((l) => `      ${l}`), '');
  }
  return out;
}

function testList(bug: Bug): string[] {
  const names = bug.failing.slice(0, MAX_TESTS).map((t) => `- ${behaviourOf(testName(t))} (\`${testName(t)}\`)`);
  const more = bug.failing.length - MAX_TESTS;
  return more > 0 ? [...names, `- and ${more} more`] : names;
}

/** A one-line title for the behaviour that broke. */
export function titleOf(bug: Bug): string {
  const first = behaviourOf(testName(bug.failing[0]));
  return bug.failing.length > 1
    ? `Regression: ${first} (and ${bug.failing.length - 1} more checks) no longer behave as expected`
    : `Regression: ${first} no longer behaves as expected`;
}

/** Issue-style text: what fails and how, for localization, reproduction and review. */
export function issueText(bug: Bug): string {
  return [
    titleOf(bug),
    '',
    `Behaviour that used to work is broken now. These checks of the expected behaviour fail:`,
    '',
    ...testList(bug),
    '',
    'What the failures look like:',
    '',
    ...failureLines(bug),
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()
    .concat('\n');
}

export function editingInstruction(): string {
  return [
    'Find the cause of the failures described above in the library code and fix it, so that the described behaviour is',
    'restored. The failing tests are not in the repository; hidden copies of them, and of other tests that pass now, will',
    'check your change. Do not change or add tests: test changes are discarded.',
  ].join('\n');
}

/** Appended to the issue text of a reproduction task. */
export const REPRODUCTION_ASK =
  '\nWrite a test that reproduces this: it must fail on the current code because of the wrong behaviour, and pass once the bug is fixed.\n';
