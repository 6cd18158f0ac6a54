// Parsing source files with tree-sitter (web-tree-sitter + the wasm grammars shipped in the
// tree-sitter-python/-javascript/-typescript packages). Grammars load once per process.
import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

export type { Node, Tree };

/** A grammar: `tsx` is TypeScript with JSX (.tsx files). */
export type MutationLanguage = 'python' | 'javascript' | 'typescript' | 'tsx';

const WASM: Record<MutationLanguage, string> = {
  python: 'tree-sitter-python/tree-sitter-python.wasm',
  javascript: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-typescript/tree-sitter-tsx.wasm',
};

const require = createRequire(import.meta.url);
let init: Promise<void> | undefined;
const parsers = new Map<MutationLanguage, Promise<Parser>>();

async function parserFor(language: MutationLanguage): Promise<Parser> {
  let p = parsers.get(language);
  if (!p) {
    p = (async () => {
      init ??= Parser.init();
      await init;
      const lang = await Language.load(require.resolve(WASM[language]));
      const parser = new Parser();
      parser.setLanguage(lang);
      return parser;
    })();
    parsers.set(language, p);
  }
  return p;
}

/** Parses `source`; the caller deletes the tree (`tree.delete()`) when done: it lives in wasm memory. */
export async function parse(source: string, language: MutationLanguage): Promise<Tree> {
  const parser = await parserFor(language);
  const tree = parser.parse(source);
  if (!tree) throw new Error(`tree-sitter could not parse the ${language} source`);
  return tree;
}

/** Parses, runs `fn` on the tree, and frees the tree. */
export async function withTree<T>(source: string, language: MutationLanguage, fn: (tree: Tree) => T): Promise<T> {
  const tree = await parse(source, language);
  try {
    return fn(tree);
  } finally {
    tree.delete();
  }
}

/** The grammar for a file name, or undefined for files we do not mutate. */
export function languageForPath(path: string): MutationLanguage | undefined {
  if (/\.py$/.test(path)) return 'python';
  if (/\.(js|mjs|cjs|jsx)$/.test(path)) return 'javascript';
  if (/\.(ts|mts|cts)$/.test(path) && !/\.d\.[mc]?ts$/.test(path)) return 'typescript';
  if (/\.tsx$/.test(path)) return 'tsx';
  return undefined;
}
