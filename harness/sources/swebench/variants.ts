// Other exports' names for SWE-bench's fields. Multi-SWE-bench and the exports built like it
// write `org` + `repo`, `base.sha`, `fix_patch`, `resolved_issues` and per-test result maps
// (`f2p_tests`, `n2p_tests`, `p2p_tests`, `s2p_tests`) instead of SWE-bench's fields; they are
// read as SWE-bench's when SWE-bench's own field is absent, so such a record is judged by the
// same rules (and skipped with a reason, e.g. not Python) instead of rejected as malformed.

type Rec = Record<string, unknown>;

const isObject = (v: unknown): v is Rec => !!v && typeof v === 'object' && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

/** The test ids of a result map (`{ id: {run, test, fix} }`) or a list. */
function testIds(v: unknown): string[] | undefined {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (isObject(v)) return Object.keys(v);
  return undefined;
}

function unionOf(rec: Rec, keys: string[]): string[] | undefined {
  const lists = keys.map((k) => testIds(rec[k])).filter((l): l is string[] => l !== undefined);
  return lists.length ? [...new Set(lists.flat())] : undefined;
}

/** The issue text of `resolved_issues` (`[{ title, body }]`): each issue's title and body. */
function issuesText(v: unknown): string | undefined {
  if (!Array.isArray(v)) return undefined;
  const parts = v.filter(isObject).map((i) => [text(i.title), text(i.body)].filter(Boolean).join('\n\n'));
  return text(parts.filter(Boolean).join('\n\n'));
}

/** The record with SWE-bench's field names filled in from the variants, and the variant fields
 * that were read that way (not kept again as unknown fields). */
export function withSwebenchNames(rec: Rec): { record: Rec; consumed: Set<string> } {
  const out: Rec = { ...rec };
  const consumed = new Set<string>();
  const fill = (field: string, value: unknown, from: string[]) => {
    if (out[field] !== undefined || value === undefined) return;
    out[field] = value;
    for (const k of from) if (k in rec) consumed.add(k);
  };
  const org = text(rec.org);
  const name = text(rec.repo);
  if (org && name && !name.includes('/')) {
    out.repo = `${org}/${name}`;
    consumed.add('org');
    if (rec.instance_id === undefined && (typeof rec.number === 'number' || text(rec.number)))
      out.instance_id = `${org}__${name}-${String(rec.number)}`;
  }
  fill('base_commit', isObject(rec.base) ? text(rec.base.sha) : undefined, ['base']);
  fill('patch', text(rec.fix_patch), ['fix_patch']);
  fill('problem_statement', issuesText(rec.resolved_issues), ['resolved_issues']);
  fill('FAIL_TO_PASS', unionOf(rec, ['f2p_tests', 'n2p_tests']), ['f2p_tests', 'n2p_tests']);
  // skipped before the fix, passing with it: a test that must pass, not one that shows the bug
  fill('PASS_TO_PASS', unionOf(rec, ['p2p_tests', 's2p_tests']), ['p2p_tests', 's2p_tests']);
  return { record: out, consumed };
}
