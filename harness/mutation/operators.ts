// The mutation operators: each looks at one parse-tree node and proposes text edits by
// offset range, so the rest of the file (formatting, comments) is kept byte for byte.
import type { MutationLanguage, Node } from './parse.js';

export const OPERATORS = [
  'boundary',
  'comparison',
  'negate-condition',
  'remove-statement',
  'remove-early-return',
  'swap-arguments',
  'wrong-constant',
  'wrong-operator',
  'drop-await',
  'drop-yield',
  'changed-default',
  'off-by-one',
] as const;
export type OperatorName = (typeof OPERATORS)[number];

/** A proposed edit before filtering: replace source[start, end) with `replacement`. */
export interface Edit {
  operator: OperatorName;
  start: number;
  end: number;
  replacement: string;
}

/** What the walk knows about a node's surroundings. */
export interface SiteContext {
  language: MutationLanguage;
  source: string;
  /** Inside a parameter's default value (changed-default owns those constants). */
  inDefault: boolean;
  /** Inside a loop whose end depends on its body (while/do/C-style for): removing an update could hang. */
  inOpenLoop: boolean;
}

type Operator = (node: Node, ctx: SiteContext) => Edit[];

const BOUNDARY: Record<string, string> = { '<': '<=', '<=': '<', '>': '>=', '>=': '>' };
const COMPARISON: Record<string, string> = {
  '<': '>',
  '>': '<',
  '<=': '>=',
  '>=': '<=',
  '==': '!=',
  '!=': '==',
  '===': '!==',
  '!==': '===',
  is: 'is not',
  'is not': 'is',
  in: 'not in',
  'not in': 'in',
};
const ARITHMETIC: Record<string, string> = {
  '+': '-',
  '-': '+',
  '*': '/',
  '/': '*',
  '%': '*',
  '**': '*',
  '&': '|',
  '|': '&',
  '^': '&',
  '<<': '>>',
  '>>': '<<',
  '>>>': '>>',
  and: 'or',
  or: 'and',
  '&&': '||',
  '||': '&&',
  '??': '||',
};
const PY_ARITHMETIC: Record<string, string> = { ...ARITHMETIC, '//': '/', '/': '//', '%': '//', '@': '*' };
const AUGMENTED: Record<string, string> = {
  '+=': '-=',
  '-=': '+=',
  '*=': '/=',
  '/=': '*=',
  '//=': '/=',
  '%=': '*=',
  '|=': '&=',
  '&=': '|=',
  '<<=': '>>=',
  '>>=': '<<=',
  '&&=': '||=',
  '||=': '&&=',
  '??=': '||=',
};

const py = (ctx: SiteContext): boolean => ctx.language === 'python';
const edit = (operator: OperatorName, node: { startIndex: number; endIndex: number }, replacement: string): Edit => ({
  operator,
  start: node.startIndex,
  end: node.endIndex,
  replacement,
});

/** Expressions that need no parentheses when an operator is put in front of or after them. */
const PRIMARY = new Set([
  'identifier',
  'attribute',
  'member_expression',
  'subscript',
  'subscript_expression',
  'call',
  'call_expression',
  'parenthesized_expression',
  'integer',
  'float',
  'number',
  'true',
  'false',
  'none',
  'null',
  'this',
  'self',
  'string',
]);
const ADDITIVE = new Set(['+', '-', '*', '/', '//', '%']);

function binaryOperator(node: Node): string | undefined {
  return node.childForFieldName('operator')?.type;
}

/** `text` with `delta` added (+1 / -1) as the grammar would read it, folding integer literals. */
function shifted(node: Node, delta: 1 | -1): string {
  const text = node.text;
  if (/^-?\d+$/.test(text)) return String(Number(text) + delta);
  const bare =
    PRIMARY.has(node.type) ||
    ((node.type === 'binary_operator' || node.type === 'binary_expression') && ADDITIVE.has(binaryOperator(node) ?? ''));
  return `${bare ? text : `(${text})`} ${delta > 0 ? '+' : '-'} 1`;
}

function negated(node: Node, ctx: SiteContext): string {
  if (node.type === 'not_operator') return node.childForFieldName('argument')?.text ?? node.text;
  if (node.type === 'unary_expression' && binaryOperator(node) === '!') return node.childForFieldName('argument')?.text ?? node.text;
  const bare = PRIMARY.has(node.type);
  if (py(ctx)) return bare ? `not ${node.text}` : `not (${node.text})`;
  return bare ? `!${node.text}` : `!(${node.text})`;
}

const comparisons: Operator = (node, ctx) => {
  const out: Edit[] = [];
  const tokens =
    node.type === 'comparison_operator'
      ? node.children.filter((c): c is Node => !!c && !c.isNamed)
      : node.type === 'binary_expression'
        ? [node.childForFieldName('operator')].filter((c): c is Node => !!c)
        : [];
  for (const tok of tokens) {
    const op = tok.type;
    if (op in BOUNDARY) out.push(edit('boundary', tok, BOUNDARY[op]));
    if (op in COMPARISON && (py(ctx) || !['is', 'is not', 'in', 'not in'].includes(op))) out.push(edit('comparison', tok, COMPARISON[op]));
  }
  return out;
};

const wrongOperator: Operator = (node, ctx) => {
  if (
    !['binary_operator', 'binary_expression', 'boolean_operator', 'augmented_assignment', 'augmented_assignment_expression'].includes(
      node.type,
    )
  )
    return [];
  const tok = node.childForFieldName('operator');
  if (!tok) return [];
  const table = node.type.startsWith('augmented') ? AUGMENTED : py(ctx) ? PY_ARITHMETIC : ARITHMETIC;
  const to = table[tok.type];
  return to ? [edit('wrong-operator', tok, to)] : [];
};

function conditionOf(node: Node): Node | null {
  switch (node.type) {
    case 'if_statement':
    case 'elif_clause':
    case 'ternary_expression':
      return node.childForFieldName('condition');
    case 'conditional_expression': // Python `a if cond else b`
      return node.namedChildren[1] ?? null;
    case 'if_clause': // Python comprehension filter
      return node.namedChildren[0] ?? null;
    default:
      return null;
  }
}

const NEGATED_RELATION: Record<string, string> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<' };

/** The one comparison token of `a OP b`, or undefined for anything else. */
function soleComparison(node: Node): Node | undefined {
  if (node.type === 'comparison_operator') {
    const ops = node.children.filter((c): c is Node => !!c && !c.isNamed);
    return ops.length === 1 ? ops[0] : undefined;
  }
  const op = node.type === 'binary_expression' ? node.childForFieldName('operator') : null;
  return op && op.type in COMPARISON ? op : undefined;
}

const negateCondition: Operator = (node, ctx) => {
  let cond = conditionOf(node);
  if (!cond) return [];
  // JS conditions come in parentheses: negate what is inside.
  if (cond.type === 'parenthesized_expression' && node.type === 'if_statement' && !py(ctx)) {
    const inner = cond.namedChildren[0];
    if (!inner || cond.namedChildren.length !== 1) return [];
    cond = inner;
  }
  // `a < b` becomes `a >= b`; an equality, identity or membership test is flipped by `comparison` already.
  const op = soleComparison(cond);
  if (op) return op.type in NEGATED_RELATION ? [edit('negate-condition', op, NEGATED_RELATION[op.type])] : [];
  return [edit('negate-condition', cond, negated(cond, ctx))];
};

const STATEMENT_BLOCKS = new Set(['block', 'statement_block']);
const EXITS = new Set(['return_statement', 'raise_statement', 'throw_statement', 'continue_statement', 'break_statement']);

/** The edit removing statement `node` from its block: its whole lines, or `pass` when Python would be left without a body. */
function removal(operator: OperatorName, node: Node, ctx: SiteContext): Edit[] {
  const block = node.parent;
  if (!block || !STATEMENT_BLOCKS.has(block.type)) return [];
  const src = ctx.source;
  const lineStart = src.lastIndexOf('\n', node.startIndex - 1) + 1;
  if (src.slice(lineStart, node.startIndex).trim() !== '') return [];
  let lineEnd = src.indexOf('\n', node.endIndex);
  if (lineEnd < 0) lineEnd = src.length;
  const rest = src.slice(node.endIndex, lineEnd).trim();
  if (rest !== '' && rest !== ';' && !rest.startsWith('#') && !rest.startsWith('//')) return [];
  const statements = block.namedChildren.filter((c) => c && c.type !== 'comment');
  if (statements.length === 1) {
    return py(ctx) ? [{ operator, start: node.startIndex, end: node.endIndex, replacement: 'pass' }] : [];
  }
  return [{ operator, start: lineStart, end: Math.min(lineEnd + 1, src.length), replacement: '' }];
}

const UPDATES = new Set(['augmented_assignment', 'augmented_assignment_expression', 'update_expression']);
const ASSIGNMENTS = new Set(['assignment', 'assignment_expression']);
const TARGETS = new Set(['attribute', 'subscript', 'member_expression', 'subscript_expression']);
const CALLS = new Set(['call', 'call_expression', 'await', 'await_expression']);

/** Statements whose loss is a realistic bug (a forgotten call, update or reassignment), not a crash. */
function removable(expr: Node, ctx: SiteContext): boolean {
  if (CALLS.has(expr.type)) return true;
  if (UPDATES.has(expr.type)) return !ctx.inOpenLoop;
  if (ASSIGNMENTS.has(expr.type)) {
    const left = expr.childForFieldName('left');
    const right = expr.childForFieldName('right');
    if (!left || !right) return false;
    if (TARGETS.has(left.type)) return true;
    // `x = f(x)`: dropping a reassignment leaves x defined.
    return left.type === 'identifier' && mentions(right.text, left.text);
  }
  return false;
}

function mentions(text: string, name: string): boolean {
  const escaped = name.replace(/[$]/g, '\\$');
  return new RegExp(`(^|[^\\w$])${escaped}($|[^\\w$])`).test(text);
}

const removeStatement: Operator = (node, ctx) => {
  if (node.type !== 'expression_statement') return [];
  const expr = node.namedChildren[0];
  if (!expr || node.namedChildren.length !== 1 || !removable(expr, ctx)) return [];
  return removal('remove-statement', node, ctx);
};

const removeEarlyReturn: Operator = (node, ctx) => {
  if (node.type !== 'if_statement' || node.childForFieldName('alternative')) return [];
  if (node.childrenForFieldName('alternative').length) return [];
  const body = node.childForFieldName('consequence');
  if (!body) return [];
  const only = STATEMENT_BLOCKS.has(body.type) ? body.namedChildren.filter((c) => c && c.type !== 'comment') : [body];
  if (only.length !== 1 || !only[0] || !EXITS.has(only[0].type)) return [];
  return removal('remove-early-return', node, ctx);
};

const POSITIONAL_SKIP = new Set([
  'keyword_argument',
  'list_splat',
  'dictionary_splat',
  'spread_element',
  'comment',
  'parenthesized_expression',
]);

const swapArguments: Operator = (node, ctx) => {
  if (node.type !== 'call' && node.type !== 'call_expression') return [];
  const args = node.childForFieldName('arguments');
  if (!args || (args.type !== 'argument_list' && args.type !== 'arguments')) return [];
  const named = args.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  const [a, b] = named;
  if (!a || !b || POSITIONAL_SKIP.has(a.type) || POSITIONAL_SKIP.has(b.type) || a.text === b.text) return [];
  return [
    {
      operator: 'swap-arguments',
      start: a.startIndex,
      end: b.endIndex,
      replacement: b.text + ctx.source.slice(a.endIndex, b.startIndex) + a.text,
    },
  ];
};

/** A different literal of the same kind, or undefined when we do not change this literal. */
function otherConstant(node: Node): string | undefined {
  const t = node.text;
  switch (node.type) {
    case 'true':
      return node.text === 'True' ? 'False' : 'false';
    case 'false':
      return node.text === 'False' ? 'True' : 'true';
    case 'integer':
    case 'number':
      if (!/^\d+$/.test(t) || t.length > 15) return undefined;
      return t === '1' ? '0' : String(Number(t) + 1);
    default:
      return undefined;
  }
}

const wrongConstant: Operator = (node, ctx) => {
  if (ctx.inDefault) return [];
  const to = otherConstant(node);
  return to === undefined ? [] : [edit('wrong-constant', node, to)];
};

const changedDefault: Operator = (node, ctx) => {
  let value: Node | null = null;
  if (node.type === 'default_parameter' || node.type === 'typed_default_parameter') value = node.childForFieldName('value');
  else if (!py(ctx) && (node.type === 'assignment_pattern' || node.type === 'object_assignment_pattern')) {
    if (node.parent?.type === 'formal_parameters') value = node.childForFieldName('right');
  } else if (node.type === 'required_parameter' || node.type === 'optional_parameter') value = node.childForFieldName('value');
  if (!value) return [];
  const to = otherConstant(value);
  return to === undefined ? [] : [edit('changed-default', value, to)];
};

const dropAwait: Operator = (node) => {
  if (node.type !== 'await' && node.type !== 'await_expression') return [];
  const arg = node.namedChildren[0];
  return arg ? [edit('drop-await', node, arg.text)] : [];
};

const dropYield: Operator = (node) => {
  if (node.type !== 'yield' && node.type !== 'yield_expression') return [];
  const arg = node.namedChildren.find((c) => c && c.type !== 'comment');
  return arg ? [edit('drop-yield', node, arg.text)] : [];
};

const SLICE_METHODS = new Set(['slice', 'substring']);

const offByOne: Operator = (node, ctx) => {
  const out: Edit[] = [];
  // Python slice `a[start:stop]`: start + 1, stop - 1.
  if (node.type === 'slice') {
    let part = 0;
    for (const c of node.children) {
      if (!c) continue;
      if (c.type === ':') part++;
      else if (c.isNamed && c.type !== 'comment' && part < 2) out.push(edit('off-by-one', c, shifted(c, part === 0 ? 1 : -1)));
    }
    return out;
  }
  if (node.type !== 'call' && node.type !== 'call_expression') return out;
  const fn = node.childForFieldName('function');
  const args = node.childForFieldName('arguments');
  if (!fn || !args) return out;
  const positional = args.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  if (positional.some((c) => POSITIONAL_SKIP.has(c.type) && c.type !== 'parenthesized_expression')) return out;
  const isRange = py(ctx) && fn.type === 'identifier' && fn.text === 'range' && positional.length <= 2;
  const isSlice = !py(ctx) && fn.type === 'member_expression' && SLICE_METHODS.has(fn.childForFieldName('property')?.text ?? '');
  if (!isRange && !isSlice) return out;
  if (isRange && positional.length === 1) return [edit('off-by-one', positional[0], shifted(positional[0], -1))];
  if (positional[0]) out.push(edit('off-by-one', positional[0], shifted(positional[0], 1)));
  if (positional[1]) out.push(edit('off-by-one', positional[1], shifted(positional[1], -1)));
  return out;
};

/** Every operator, in the order their edits are listed at one site. */
export const OPERATOR_FUNCTIONS: Operator[] = [
  comparisons,
  negateCondition,
  removeStatement,
  removeEarlyReturn,
  swapArguments,
  wrongConstant,
  wrongOperator,
  dropAwait,
  dropYield,
  changedDefault,
  offByOne,
];
