// Parses JUnit XML (pytest's xunit1 output, the node:test reporter in node-reporter.ts, and
// node's built-in junit reporter) into per-test results with ids in the task format
// ("FILE::NAME"), for the synthesiser's batch runs. (Scored runs use the sealed JSON report of
// skills/shared/report.ts instead.)
import { XMLParser } from 'fast-xml-parser';
import type { TestFramework } from '../../core/task.js';
import { pytestErrorType, type TestCaseResult, type TestStatus } from '../../../skills/shared/report.js';

export type { TestCaseResult } from '../../../skills/shared/report.js';

export interface JunitReport {
  tests: TestCaseResult[];
  /** Line coverage per file, percent (node reporter only). */
  coverage: Record<string, number>;
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => ['testsuite', 'testcase', 'failure', 'error', 'skipped', 'coverage'].includes(name),
});

function attr(n: Node, k: string): string | undefined {
  const v = n[`@_${k}`];
  return v === undefined ? undefined : String(v);
}

function text(n: unknown): string {
  if (typeof n === 'string') return n;
  if (n && typeof n === 'object') return String((n as Node)['#text'] ?? '');
  return '';
}

function pytestId(file: string, classname: string, name: string): string {
  const mod = file.replace(/\.py$/, '').split('/').join('.');
  let rest = '';
  if (classname && classname !== mod && classname.startsWith(`${mod}.`)) rest = classname.slice(mod.length + 1);
  const parts = rest ? rest.split('.') : [];
  return [file, ...parts, name].join('::');
}

/** pytest without a `file` attribute: the file is the dotted classname's module part. */
function pytestFileFromClassname(classname: string, knownFiles: string[]): string {
  for (const f of knownFiles) {
    const mod = f.replace(/\.py$/, '').split('/').join('.');
    if (classname === mod || classname.startsWith(`${mod}.`)) return f;
  }
  // guess: a CamelCase last part is a class
  const parts = classname.split('.');
  while (parts.length > 1 && /^[A-Z]/.test(parts[parts.length - 1])) parts.pop();
  return `${parts.join('/')}.py`;
}

export function parseJunit(xml: string, framework: TestFramework, opts: { knownFiles?: string[]; defaultFile?: string } = {}): JunitReport {
  const doc = parser.parse(xml) as Node;
  const tests: TestCaseResult[] = [];
  const coverage: Record<string, number> = {};
  const root = (doc.testsuites ?? doc) as Node;
  for (const c of (root.coverage as Node[] | undefined) ?? []) {
    const f = attr(c, 'file');
    const pct = Number(attr(c, 'lines'));
    if (f && Number.isFinite(pct)) coverage[f] = pct;
  }

  const visitCase = (tc: Node, suitePath: string[], suiteFile: string | undefined): void => {
    const name = attr(tc, 'name') ?? '';
    const classname = attr(tc, 'classname') ?? '';
    const failure = (tc.failure as unknown[] | undefined)?.[0];
    const error = (tc.error as unknown[] | undefined)?.[0];
    const skipped = (tc.skipped as unknown[] | undefined)?.[0];
    const problem = (failure ?? error) as Node | string | undefined;
    const message = problem && typeof problem === 'object' ? (attr(problem, 'message') ?? '') : '';
    const body = text(problem);
    let status: TestStatus = 'passed';
    if (failure !== undefined) status = 'failed';
    else if (error !== undefined) status = 'error';
    else if (skipped !== undefined) status = 'skipped';

    let file: string;
    let id: string;
    let type = problem && typeof problem === 'object' ? attr(problem, 'type') : undefined;
    if (framework === 'pytest') {
      if (!classname) {
        // collection error: name is the dotted module
        file = attr(tc, 'file') ?? `${name.split('.').join('/')}.py`;
        id = file;
      } else {
        file = attr(tc, 'file') ?? pytestFileFromClassname(classname, opts.knownFiles ?? []);
        id = pytestId(file, classname, name);
      }
      if (status === 'failed' || status === 'error') type = type || pytestErrorType(message, body);
    } else {
      file = attr(tc, 'file') ?? suiteFile ?? opts.defaultFile ?? '';
      const full = [...suitePath, name].join(' > ');
      id = name === '<file>' ? file : `${file}::${full}`;
      if (type === 'testCodeFailure') {
        // node's built-in reporter: the real error is in the body ("cause: AssertionError …")
        const m = /cause: ([A-Za-z_]\w*)(?: \[(\w+)\])?/.exec(body);
        type = m ? (m[2] === 'ERR_ASSERTION' ? 'AssertionError' : m[1]) : 'Error';
      }
    }
    const result: TestCaseResult = { id, file, name: id.slice(file.length + 2) || name, status };
    // A file that did not collect (pytest) or load (node): one file-level error.
    if (id === file) result.phase = 'collect';
    if (status === 'failed' || status === 'error') {
      result.type = type;
      result.message = message.slice(0, 2000);
      result.text = body.slice(-4000);
    }
    tests.push(result);
  };

  const visitSuite = (s: Node, suitePath: string[], suiteFile: string | undefined): void => {
    const f = attr(s, 'file');
    let path = suitePath;
    if (f !== undefined && framework === 'node-test') suiteFile = f;
    else if (framework === 'node-test' && attr(s, 'name') !== undefined && !(attr(s, 'name') === 'pytest')) {
      path = [...suitePath, attr(s, 'name') as string];
    }
    for (const tc of (s.testcase as Node[] | undefined) ?? []) visitCase(tc, path, suiteFile);
    for (const child of (s.testsuite as Node[] | undefined) ?? []) visitSuite(child, path, suiteFile);
  };

  for (const tc of (root.testcase as Node[] | undefined) ?? []) visitCase(tc, [], undefined);
  for (const s of (root.testsuite as Node[] | undefined) ?? []) visitSuite(s, [], undefined);
  return { tests, coverage };
}
