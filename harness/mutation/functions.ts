// Named functions of a parsed file and their qualified names (`Class.method`, `outer.inner`):
// the unit the mutation engine restricts to and coverage maps onto.
import type { MutationLanguage, Node, Tree } from './parse.js';

export interface FunctionSpan {
  /** Qualified name: enclosing classes and named functions joined by ".", e.g. `Table.render`. */
  name: string;
  /** Offsets into the source string (UTF-16 code units, as String.slice counts). */
  start: number;
  end: number;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
}

const PY_FUNCTIONS = new Set(['function_definition']);
const PY_CLASSES = new Set(['class_definition']);
const JS_FUNCTIONS = new Set([
  'function_declaration',
  'generator_function_declaration',
  'function_expression',
  'function',
  'generator_function',
  'arrow_function',
  'method_definition',
]);
const JS_CLASSES = new Set(['class_declaration', 'class', 'abstract_class_declaration']);

export function isFunctionNode(node: Node, language: MutationLanguage): boolean {
  return (language === 'python' ? PY_FUNCTIONS : JS_FUNCTIONS).has(node.type);
}

function isClassNode(node: Node, language: MutationLanguage): boolean {
  return (language === 'python' ? PY_CLASSES : JS_CLASSES).has(node.type);
}

function propertyName(node: Node | null): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'identifier':
    case 'property_identifier':
    case 'private_property_identifier':
    case 'type_identifier':
      return node.text;
    case 'string':
      return node.text.slice(1, -1) || undefined;
    case 'member_expression':
      return propertyName(node.childForFieldName('property'));
    default:
      return undefined;
  }
}

/** The name a function or class node introduces, or undefined when it is anonymous. */
export function declaredName(node: Node, language: MutationLanguage): string | undefined {
  if (!isFunctionNode(node, language) && !isClassNode(node, language)) return undefined;
  const own = propertyName(node.childForFieldName('name'));
  if (own || language === 'python') return own;
  // An anonymous function or class takes the name it is bound to.
  const parent = node.parent;
  if (!parent) return undefined;
  switch (parent.type) {
    case 'variable_declarator':
      return propertyName(parent.childForFieldName('name'));
    case 'pair':
      return propertyName(parent.childForFieldName('key'));
    case 'assignment_expression':
      return propertyName(parent.childForFieldName('left'));
    case 'public_field_definition':
    case 'field_definition':
      return propertyName(parent.childForFieldName('name') ?? parent.childForFieldName('property'));
    default:
      return undefined;
  }
}

/** The qualified name of the innermost named function holding `node` (the node itself counts). */
export function enclosingFunction(node: Node, language: MutationLanguage): { name: string; node: Node } | undefined {
  let fn: Node | undefined;
  const parts: string[] = [];
  for (let n: Node | null = node; n; n = n.parent) {
    const name = declaredName(n, language);
    if (name === undefined) continue;
    if (!fn && isFunctionNode(n, language)) fn = n;
    if (fn) parts.unshift(name);
  }
  return fn ? { name: parts.join('.'), node: fn } : undefined;
}

/** Every named function in the file (methods included), in source order. */
export function listFunctionsInTree(tree: Tree, language: MutationLanguage): FunctionSpan[] {
  const out: FunctionSpan[] = [];
  const visit = (node: Node, prefix: string[]): void => {
    const name = declaredName(node, language);
    const path = name === undefined ? prefix : [...prefix, name];
    if (name !== undefined && isFunctionNode(node, language)) {
      out.push({
        name: path.join('.'),
        start: node.startIndex,
        end: node.endIndex,
        startLine: node.startPosition.row + 1,
        endLine: node.endPosition.row + 1,
      });
    }
    for (const child of node.namedChildren) if (child) visit(child, path);
  };
  visit(tree.rootNode, []);
  return out;
}
