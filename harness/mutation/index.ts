// The mutation engine: realistic single-site bugs proposed on a tree-sitter parse tree, as
// text edits by offset range (formatting kept), in a deterministic order. Used by task
// synthesis (harness/sources/synth/) and by test-generation derivation for imported tasks.
import { enclosingFunction, isFunctionNode, declaredName, listFunctionsInTree, type FunctionSpan } from './functions.js';
import { OPERATOR_FUNCTIONS, OPERATORS, type Edit, type OperatorName, type SiteContext } from './operators.js';
import { parse, withTree, type MutationLanguage, type Node } from './parse.js';

export { OPERATORS, type OperatorName } from './operators.js';
export { languageForPath, type MutationLanguage } from './parse.js';
export type { FunctionSpan } from './functions.js';
export { filePatch, mutationPatch, type FileChange } from './diff.js';

export interface Mutation {
  /** Stable within one file: `<operator>@<start>-<end>`. */
  id: string;
  operator: OperatorName;
  /** Repo-relative path, when the caller named the file. */
  file?: string;
  /** Qualified name of the innermost named function holding the edit (`Class.method`). */
  functionName: string;
  /** Offsets into the source string (UTF-16 code units, as String.slice counts); replace [start, end). */
  start: number;
  end: number;
  original: string;
  replacement: string;
  /** 1-based lines the original text spans. */
  line: number;
  endLine: number;
  /** One line for people (provenance, logs); never shown to an agent being evaluated on the bug. */
  description: string;
}

export interface MutateOptions {
  /** Repo-relative path recorded on each mutation. */
  file?: string;
  /** Only inside these functions (qualified names as listFunctions gives them). */
  functions?: string[];
  /** Only edits touching these 1-based inclusive line ranges. */
  lines?: [number, number][];
  /** Only these operators (default: all). */
  operators?: OperatorName[];
}

const TYPE_ONLY = new Set(['type_annotation', 'type_arguments', 'type_parameters', 'decorator', 'ERROR', 'comment']);
const PARAM_DEFAULTS = new Set([
  'default_parameter',
  'typed_default_parameter',
  'assignment_pattern',
  'object_assignment_pattern',
  'required_parameter',
  'optional_parameter',
]);
const OPEN_LOOPS: Record<'python' | 'js', Set<string>> = {
  python: new Set(['while_statement']),
  js: new Set(['while_statement', 'do_statement', 'for_statement']),
};

interface Site {
  node: Node;
  functionName: string;
  ctx: SiteContext;
}

/** Visits every named node inside a named function, with its context. */
function collectSites(root: Node, language: MutationLanguage, source: string): Site[] {
  const sites: Site[] = [];
  const loops = OPEN_LOOPS[language === 'python' ? 'python' : 'js'];
  const visit = (node: Node, fn: string | undefined, inDefault: boolean, inOpenLoop: boolean): void => {
    if (TYPE_ONLY.has(node.type)) return;
    if (isFunctionNode(node, language)) {
      const named = declaredName(node, language) !== undefined;
      if (named) fn = enclosingFunction(node, language)?.name;
      inOpenLoop = false;
    }
    if (loops.has(node.type)) inOpenLoop = true;
    if (fn !== undefined) sites.push({ node, functionName: fn, ctx: { language, source, inDefault, inOpenLoop } });
    const isDefault = PARAM_DEFAULTS.has(node.type);
    for (const child of node.namedChildren) if (child) visit(child, fn, inDefault || isDefault, inOpenLoop);
  };
  visit(root, undefined, false, false);
  return sites;
}

function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

const short = (s: string): string => {
  const one = s.trim().split('\n')[0];
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
};

function describe(e: Edit, original: string, functionName: string, line: number): string {
  const what = e.replacement === '' ? `removed \`${short(original)}\`` : `\`${short(original)}\` -> \`${short(e.replacement)}\``;
  return `${e.operator} in ${functionName} (line ${line}): ${what}`;
}

const OPERATOR_RANK = new Map<string, number>(OPERATORS.map((o, i) => [o, i]));

/** Every mutation the operators propose for `source`, filtered by `opts`, each one parsing cleanly, in source order. */
export async function mutate(source: string, language: MutationLanguage, opts: MutateOptions = {}): Promise<Mutation[]> {
  const starts = lineStarts(source);
  const candidates = await withTree(source, language, (tree) => {
    const originalHasError = tree.rootNode.hasError;
    const out: { edit: Edit; functionName: string; originalHasError: boolean }[] = [];
    for (const site of collectSites(tree.rootNode, language, source)) {
      for (const op of OPERATOR_FUNCTIONS)
        for (const e of op(site.node, site.ctx)) out.push({ edit: e, functionName: site.functionName, originalHasError });
    }
    return out;
  });
  const fnFilter = opts.functions ? new Set(opts.functions) : undefined;
  const opFilter = opts.operators ? new Set<string>(opts.operators) : undefined;
  const seen = new Set<string>();
  const kept: Mutation[] = [];
  candidates.sort(
    (a, b) =>
      a.edit.start - b.edit.start ||
      a.edit.end - b.edit.end ||
      OPERATOR_RANK.get(a.edit.operator)! - OPERATOR_RANK.get(b.edit.operator)! ||
      (a.edit.replacement < b.edit.replacement ? -1 : a.edit.replacement > b.edit.replacement ? 1 : 0),
  );
  for (const { edit: e, functionName, originalHasError } of candidates) {
    const original = source.slice(e.start, e.end);
    if (original === e.replacement) continue;
    if (fnFilter && !fnFilter.has(functionName)) continue;
    if (opFilter && !opFilter.has(e.operator)) continue;
    const line = lineOf(starts, e.start);
    const endLine = lineOf(starts, Math.max(e.start, e.end - 1));
    if (opts.lines && !opts.lines.some(([from, to]) => line <= to && endLine >= from)) continue;
    const key = `${e.start}:${e.end}:${e.replacement}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!originalHasError && !(await parsesCleanly(applyEdit(source, e), language))) continue;
    kept.push({
      id: `${e.operator}@${e.start}-${e.end}`,
      operator: e.operator,
      ...(opts.file !== undefined ? { file: opts.file } : {}),
      functionName,
      start: e.start,
      end: e.end,
      original,
      replacement: e.replacement,
      line,
      endLine,
      description: describe(e, original, functionName, line),
    });
  }
  return kept;
}

function applyEdit(source: string, e: { start: number; end: number; replacement: string }): string {
  return source.slice(0, e.start) + e.replacement + source.slice(e.end);
}

async function parsesCleanly(source: string, language: MutationLanguage): Promise<boolean> {
  const tree = await parse(source, language);
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

/** `source` with every mutation applied (they must not overlap; order does not matter). */
export function applyMutations(source: string, mutations: Pick<Mutation, 'start' | 'end' | 'replacement' | 'id'>[]): string {
  const sorted = [...mutations].sort((a, b) => b.start - a.start);
  let out = source;
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i].end > sorted[i - 1].start) throw new Error(`mutations ${sorted[i].id} and ${sorted[i - 1].id} overlap`);
    out = applyEdit(out, sorted[i]);
  }
  return out;
}

/** Every named function of the file (qualified names, line spans), in source order. */
export async function listFunctions(source: string, language: MutationLanguage): Promise<FunctionSpan[]> {
  return withTree(source, language, (tree) => listFunctionsInTree(tree, language));
}
