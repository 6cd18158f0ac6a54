// Task texts come from failing tests only: names turned into behaviour, messages cleaned of
// repository paths and of the changed file's name.
import { describe, expect, it } from 'vitest';
import type { Bug } from '../../../harness/sources/synth/bugs.js';
import { behaviourOf, cleanMessage, issueText } from '../../../harness/sources/synth/describe.js';

describe('behaviourOf', () => {
  it('reads test names as behaviour', () => {
    expect(behaviourOf('test_parse_offsets')).toBe('parse offsets');
    expect(behaviourOf('TestTable::test_renderHeader[wide]')).toBe('table: render header');
    expect(behaviourOf('parse > splits rows')).toBe('parse: splits rows');
  });
});

describe('cleanMessage', () => {
  it('drops paths into the repo, stack frames and lines naming hidden words, and keeps a few lines', () => {
    const msg = [
      'AssertionError: assert 1 == 2',
      '  File "/testbed/src/x.py", line 3',
      '    at f (/testbed/src/x.js:3:1)',
      'see widths.py',
      'a',
      'b',
      'c',
      'd',
    ].join('\n');
    expect(cleanMessage(msg, ['widths.py'])).toBe('AssertionError: assert 1 == 2\na\nb\nc');
  });

  it('replaces what changes from run to run: addresses, temp paths, uuids', () => {
    const msg =
      'assert None == 1\n +  where None = <pkg.Table object at 0x7f58dee27d10>.headers in /tmp/pytest-of-agent/p0/x.txt id 123e4567-e89b-12d3-a456-426614174000';
    expect(cleanMessage(msg, [])).toBe('assert None == 1\n +  where None = <pkg.Table object at 0x…>.headers in /tmp/… id <uuid>');
  });
});

describe('issueText', () => {
  it('names the failing tests and their messages but never the changed file', () => {
    const bug = {
      id: 'b1',
      parts: [{ file: 'src/pkg/widths.py', mutation: { functionName: 'column_widths' } }],
      failing: [
        {
          id: 'tests/test_table.py::test_render_wide',
          file: 'tests/test_table.py',
          name: 'test_render_wide',
          status: 'failed',
          type: 'AssertionError',
          message: "assert 'a ' == 'a  '\nraised in src/pkg/widths.py",
        },
        {
          id: 'tests/test_table.py::test_pad',
          file: 'tests/test_table.py',
          name: 'test_pad',
          status: 'error',
          type: 'builtins.TypeError',
          message: 'TypeError: bad operand',
        },
      ],
    } as unknown as Bug;
    const text = issueText(bug);
    expect(text).toContain('render wide (and 1 more checks)');
    expect(text).toContain('`test_render_wide` fails with AssertionError');
    expect(text).toContain("assert 'a ' == 'a  '");
    expect(text).toContain('`test_pad` fails with TypeError');
    expect(text).not.toContain('widths');
    expect(text).not.toContain('tests/test_table.py');
  });
});
