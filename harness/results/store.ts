// The results store: a run directory runs/<run-id>/ holding run.json, results.jsonl (one
// TrialRecord per line, appended and fsynced per trial) and trajectories/. Reading streams
// line by line; a torn final line (crash mid-write) is skipped with a warning, never fatal.
import { createReadStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError } from '../core/errors.js';
import { describeProblems, readInput, validateInput } from '../core/input.js';
import { redactSettings, redactText } from '../core/secrets.js';
import type { TrialKey, TrialRecord } from '../core/results.js';
import { RunMetaSchema, TrialRecordSchema, type RunMeta } from './schema.js';

export const RUN_JSON = 'run.json';
export const RESULTS_JSONL = 'results.jsonl';
export const TRAJECTORIES = 'trajectories';
/** Where a torn tail moved aside by ResultsWriter.open goes (so nothing is silently lost). */
export const TORN_SUFFIX = '.torn';

export type Warn = (message: string) => void;
const defaultWarn: Warn = (m) => process.stderr.write(`warning: ${m}\n`);

/** A run directory opened for reading or writing. */
export interface RunDir {
  dir: string;
  meta: RunMeta;
  resultsPath: string;
  trajectoriesDir: string;
}

/** What createRunDir needs; runId and createdAt are filled in when absent. */
export type NewRunMeta = Omit<RunMeta, 'v' | 'runId' | 'createdAt'> & { runId?: string; createdAt?: string };

/** `taskHash:agentHash:epoch` — the resume key of a trial. */
export function trialKeyString(key: TrialKey): string {
  return `${key.taskHash}:${key.agentHash}:${key.epoch}`;
}

/** A sortable, unique-enough run id: 20260101-120000-ab12. */
export function newRunId(now: Date = new Date()): string {
  const iso = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${iso}-${randomBytes(2).toString('hex')}`;
}

async function writeFileDurable(file: string, data: string, flag: 'w' | 'wx'): Promise<void> {
  const fh = await fs.open(file, flag);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Creates <outDir>/<runId>/ with run.json, an empty results.jsonl and trajectories/. */
export async function createRunDir(outDir: string, meta: NewRunMeta): Promise<RunDir> {
  const full = validateInput(
    {
      ...meta,
      v: 1,
      runId: meta.runId ?? newRunId(),
      createdAt: meta.createdAt ?? new Date().toISOString(),
      agents: meta.agents.map((a) => ({ ...a, config: redactSettings(a.config) })),
      options: redactSettings(meta.options),
    },
    RunMetaSchema,
    RUN_JSON,
  );
  const dir = path.resolve(outDir, full.runId);
  await fs.mkdir(path.join(dir, TRAJECTORIES), { recursive: true });
  try {
    await writeFileDurable(path.join(dir, RUN_JSON), JSON.stringify(full, null, 2) + '\n', 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new InputError(path.join(dir, RUN_JSON), 'runId', `run "${full.runId}" already exists (open it to resume)`);
    }
    throw err;
  }
  await (await fs.open(path.join(dir, RESULTS_JSONL), 'a')).close();
  return runDirOf(dir, full);
}

function runDirOf(dir: string, meta: RunMeta): RunDir {
  return { dir, meta, resultsPath: path.join(dir, RESULTS_JSONL), trajectoriesDir: path.join(dir, TRAJECTORIES) };
}

/** Reads and validates run.json; InputError naming the file and field if it is missing or bad. */
export async function readRunMeta(dir: string): Promise<RunMeta> {
  return readInput(path.join(dir, RUN_JSON), RunMetaSchema, { format: 'json' });
}

/** Opens an existing run directory (for resume or reading). */
export async function openRunDir(dir: string): Promise<RunDir> {
  const abs = path.resolve(dir);
  const meta = await readRunMeta(abs);
  await fs.mkdir(path.join(abs, TRAJECTORIES), { recursive: true });
  return runDirOf(abs, meta);
}

/** The only trajectory writer: trajectories/<fileName>, pretty JSON, through the redactor.
 * Returns the path relative to the run dir. */
export async function writeTrajectory(run: RunDir, fileName: string, trajectory: object): Promise<string> {
  if (fileName.includes('/') || fileName.includes('\\') || fileName.startsWith('.')) {
    throw new InputError(fileName, 'trajectory', 'must be a plain file name');
  }
  await writeFileDurable(path.join(run.trajectoriesDir, fileName), serializeTrajectory(trajectory), 'w');
  return `${TRAJECTORIES}/${fileName}`;
}

/** A trajectory as written to disk: pretty JSON with every known secret redacted. */
export function serializeTrajectory(trajectory: object): string {
  return redactText(`${JSON.stringify(trajectory, null, 2)}\n`);
}

function isBlank(buf: Buffer, from = 0, to = buf.length): boolean {
  for (let i = from; i < to; i++) {
    const b = buf[i];
    if (b !== 0x0a && b !== 0x0d && b !== 0x20 && b !== 0x09 && b !== 0x00) return false;
  }
  return true;
}

/** Locates the last non-blank line: byte offset of its start, its text, and whether a newline ends it. */
async function lastLine(fh: fs.FileHandle, size: number): Promise<{ start: number; text: string; terminated: boolean } | null> {
  const CHUNK = 64 * 1024;
  let buf = Buffer.alloc(0);
  let pos = size;
  while (pos > 0) {
    const len = Math.min(CHUNK, pos);
    pos -= len;
    const chunk = Buffer.alloc(len);
    await fh.read(chunk, 0, len, pos);
    buf = Buffer.concat([chunk, buf]);
    let end = buf.length;
    while (end > 0 && isBlank(buf, end - 1, end)) end--;
    if (end === 0) continue;
    const nl = buf.lastIndexOf(0x0a, end - 1);
    if (nl >= 0 || pos === 0) {
      const startInBuf = nl + 1;
      return {
        start: pos + startInBuf,
        text: buf.subarray(startInBuf, end).toString('utf8'),
        terminated: buf.indexOf(0x0a, end) >= 0,
      };
    }
  }
  return null;
}

function parseRecord(text: string): TrialRecord | null {
  try {
    const r = TrialRecordSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** Appends TrialRecords to results.jsonl, one line each, fsynced; appends are serialised. */
export class ResultsWriter {
  private tail: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly fh: fs.FileHandle,
    readonly file: string,
  ) {}

  /**
   * Opens results.jsonl for appending. A torn last line left by a crash is moved to
   * results.jsonl.torn (with a warning) so new lines never join it.
   */
  static async open(runDirOrFile: string, opts: { onWarning?: Warn } = {}): Promise<ResultsWriter> {
    const file = resultsFileOf(runDirOrFile);
    const warn = opts.onWarning ?? defaultWarn;
    const fh = await fs.open(file, 'a+');
    try {
      const { size } = await fh.stat();
      const last = size > 0 ? await lastLine(fh, size) : null;
      if (last) {
        if (parseRecord(last.text)) {
          if (!last.terminated) await fh.appendFile('\n');
        } else {
          await fs.appendFile(file + TORN_SUFFIX, last.text + '\n');
          await fh.truncate(last.start);
          warn(`${file}: torn last line (${last.text.length} chars) moved to ${path.basename(file)}${TORN_SUFFIX}`);
        }
        await fh.sync();
      } else if (size > 0) {
        await fh.truncate(0);
      }
    } catch (err) {
      await fh.close();
      throw err;
    }
    return new ResultsWriter(fh, file);
  }

  /** Validates and appends one record; resolves once it is on disk. Safe under concurrent callers. */
  append(record: TrialRecord): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`${this.file}: writer is closed`));
    const parsed = TrialRecordSchema.safeParse(record);
    if (!parsed.success) {
      const { field, message } = describeProblems(parsed.error);
      return Promise.reject(new InputError(this.file, field, `refusing to append an invalid record: ${message}`));
    }
    // Through the redactor: a key a provider echoed into an answer or error never reaches disk.
    const data = Buffer.from(redactText(JSON.stringify(record)) + '\n', 'utf8');
    const run = this.tail.then(async () => {
      let off = 0;
      while (off < data.length) {
        const { bytesWritten } = await this.fh.write(data, off, data.length - off);
        off += bytesWritten;
      }
      await this.fh.datasync();
    });
    // The chain survives a failed write; the caller of that append sees the error.
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Waits for pending appends, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tail;
    await this.fh.close();
  }
}

function resultsFileOf(runDirOrFile: string): string {
  return runDirOrFile.endsWith('.jsonl') ? runDirOrFile : path.join(runDirOrFile, RESULTS_JSONL);
}

export interface ReadOptions {
  /** Called for a skipped torn final line. Default: a line on stderr. */
  onWarning?: Warn;
  /** Validate each line with the zod schema (default true). Pass false only for a file already validated. */
  validate?: boolean;
}

/** One record with its 1-based line number in results.jsonl. */
export interface NumberedRecord {
  line: number;
  record: TrialRecord;
}

/** Non-blank lines of a file with their 1-based numbers, a batch per chunk read (cheap to iterate). */
async function* rawLineBatches(file: string): AsyncGenerator<{ n: number; text: string }[]> {
  let stream;
  try {
    await fs.access(file);
    stream = createReadStream(file, { highWaterMark: 1 << 20 });
  } catch (err) {
    throw new InputError(file, '', `cannot read: ${(err as Error).message}`);
  }
  let pending: Buffer[] = [];
  let n = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const batch: { n: number; text: string }[] = [];
    let from = 0;
    for (let nl = chunk.indexOf(0x0a, from); nl >= 0; nl = chunk.indexOf(0x0a, from)) {
      n++;
      const piece = chunk.subarray(from, nl);
      const line = pending.length ? Buffer.concat([...pending, piece]) : piece;
      pending = [];
      if (!isBlank(line)) batch.push({ n, text: line.toString('utf8') });
      from = nl + 1;
    }
    if (from < chunk.length) pending.push(chunk.subarray(from));
    if (batch.length) yield batch;
  }
  if (pending.length) {
    const line = Buffer.concat(pending);
    n++;
    if (!isBlank(line)) yield [{ n, text: line.toString('utf8') }];
  }
}

/**
 * Streams results.jsonl in batches (one per chunk read) of validated records. A malformed line
 * is an InputError naming the file, the line and the field — except an unparseable final line
 * (torn by a crash), skipped with a warning.
 */
export async function* readResultBatches(runDirOrFile: string, opts: ReadOptions = {}): AsyncGenerator<NumberedRecord[]> {
  const file = resultsFileOf(runDirOrFile);
  const warn = opts.onWarning ?? defaultWarn;
  const validate = opts.validate ?? true;
  const decode = (l: { n: number; text: string }, isLast: boolean): TrialRecord | null => {
    let json: unknown;
    try {
      json = JSON.parse(l.text);
    } catch (err) {
      if (isLast) {
        warn(`${file}: line ${l.n}: torn last line ignored (${l.text.length} chars, likely a crash mid-write)`);
        return null;
      }
      throw new InputError(file, `line ${l.n}`, `invalid JSON: ${(err as Error).message}`);
    }
    return validate ? validateInput(json, TrialRecordSchema, file, `line ${l.n}`) : (json as TrialRecord);
  };
  // The last line of each batch is held back until we know whether another line follows.
  let held: { n: number; text: string } | null = null;
  for await (const lines of rawLineBatches(file)) {
    const out: NumberedRecord[] = [];
    if (held) {
      const record = decode(held, false);
      if (record) out.push({ line: held.n, record });
    }
    for (let i = 0; i < lines.length - 1; i++) {
      const record = decode(lines[i], false);
      if (record) out.push({ line: lines[i].n, record });
    }
    held = lines[lines.length - 1];
    if (out.length) yield out;
  }
  if (held) {
    const record = decode(held, true);
    if (record) yield [{ line: held.n, record }];
  }
}

/** Streams results.jsonl record by record (see readResultBatches). */
export async function* readResultLines(runDirOrFile: string, opts: ReadOptions = {}): AsyncGenerator<NumberedRecord> {
  for await (const batch of readResultBatches(runDirOrFile, opts)) yield* batch;
}

/** Streams the TrialRecords of a run directory (or a results.jsonl path). */
export async function* readResults(runDirOrFile: string, opts: ReadOptions = {}): AsyncGenerator<TrialRecord> {
  for await (const { record } of readResultLines(runDirOrFile, opts)) yield record;
}

/** Keys (`taskHash:agentHash:epoch`) that already have a final line; infra_error lines are left out so they are retried. */
export async function completedKeys(runDirOrFile: string, opts: ReadOptions = {}): Promise<Set<string>> {
  const done = new Set<string>();
  try {
    await fs.access(resultsFileOf(runDirOrFile));
  } catch {
    return done;
  }
  for await (const r of readResults(runDirOrFile, opts)) {
    if (r.outcome !== 'infra_error') done.add(trialKeyString(r.key));
  }
  return done;
}
