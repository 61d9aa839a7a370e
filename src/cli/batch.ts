import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { AppError, EXIT } from '../app/errors.js';
import { findScenario } from '../app/model.js';
import { readQuestionLine } from '../app/question.js';
import { ModelError } from '../model/errors.js';
import { SCHEMA_VERSION } from '../render/kit/json.js';
import { jsonSafe } from '../render/kit/safe.js';
import type { Answer, CommandSpec, Context } from './spec.js';

/*
 * `--batch [FILE|-]`: many questions in one process. Each line of the input
 * is a JSON object (src/app/question.ts says what it may hold); each gets one
 * line of output, in the same order: the command's JSON answer with `line`
 * (and the line's `id`, when it has one) in front, or an error object naming
 * the line. A bad line does not stop the rest. The model is loaded and
 * compiled once; questions asked twice are answered once.
 */

/** Answers kept for questions asked again (a sweep often repeats its base question). */
const MEMO_LIMIT = 2048;

type Spec = CommandSpec<never, unknown, unknown>;

/** A line longer than this is refused: a question is a few hundred bytes, and /dev/zero has no line ends. */
const MAX_LINE_BYTES = 1024 * 1024;

/** The input as it comes, refused (exit 65) as soon as a line runs past MAX_LINE_BYTES, before it is held in memory. */
async function* cappedLines(input: NodeJS.ReadableStream): AsyncGenerator<Buffer> {
  let since = 0;
  let line = 1;
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let from = 0;
    for (let nl = b.indexOf(10); nl >= 0; nl = b.indexOf(10, from)) {
      if (since + nl - from > MAX_LINE_BYTES) break;
      line++;
      since = 0;
      from = nl + 1;
    }
    since += b.length - from;
    if (since > MAX_LINE_BYTES) {
      // The whole lines before it are still answered.
      if (from > 0) yield b.subarray(0, from);
      throw new AppError(EXIT.data, `--batch: line ${line} is over ${MAX_LINE_BYTES} bytes (a question is one JSON object a line)`);
    }
    yield b;
  }
}

function errorObject(e: unknown): { exitCode: number; message: string } & Record<string, unknown> {
  if (e instanceof AppError) return { exitCode: e.exitCode, message: e.message, ...(e.diagnostics.length ? { diagnostics: e.diagnostics } : {}), ...e.details };
  if (e instanceof ModelError) return { exitCode: EXIT.data, message: e.message };
  return { exitCode: EXIT.internal, message: `internal error: ${(e as Error)?.message ?? String(e)} (this is a bug; please report it with the line)` };
}

/** The input: a file, or stdin for `-` or no file (refused when stdin is a terminal). */
function inputOf(state: Partial<Context<unknown>>, source: string | true): NodeJS.ReadableStream {
  const io = state.io!;
  if (source === true || source === '-') {
    if (io.stdin.isTTY) throw new AppError(EXIT.usage, '--batch: standard input is a terminal; pipe NDJSON questions in, or name a file (--batch FILE)');
    return io.stdin;
  }
  if (source === '') throw new AppError(EXIT.usage, '--batch: expected a file name, or - (or nothing) for standard input');
  const path = resolve(io.cwd, source);
  // A folder opens, and fails only at the first read: refused here, as every other file the tool reads (a FIFO streams its questions).
  let folder = false;
  try {
    folder = statSync(path).isDirectory();
  } catch {
    // Missing or unreadable: the open below says which.
  }
  if (folder) throw new AppError(EXIT.noInput, `--batch ${source}: a folder, not a file of questions`);
  return createReadStream(path);
}

/** Opens a file for reading, or fails with exit 66 naming it, before any line is answered. */
async function opened(stream: NodeJS.ReadableStream, source: string | true): Promise<void> {
  if (source === true || source === '-') return;
  await new Promise<void>((ok, fail) => {
    stream.once('open', () => ok());
    stream.once('error', (e: NodeJS.ErrnoException) => fail(new AppError(EXIT.noInput, `--batch ${source}: cannot read the file (${e.code ?? e.message})`)));
  });
}

/** The input's lines; a read that fails part way (EIO, a file gone) is exit 66 naming the input, not an internal error. */
async function* unreadable(lines: AsyncIterable<string>, source: string | true): AsyncGenerator<string> {
  try {
    yield* lines;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (e instanceof AppError || code === undefined) throw e;
    throw new AppError(EXIT.noInput, `--batch ${source === true ? '-' : source}: cannot read the input (${code})`);
  }
}

/**
 * Answers every line of the input with the command's own steps (`answer`),
 * writing one JSON line each. Ends with exit 65 when any line failed (each
 * failure is on its own line of output, with its number).
 */
export async function runBatch(spec: Spec, state: Partial<Context<unknown>>, source: string | true, answer: Answer): Promise<void> {
  const io = state.io!;
  const render = spec.render ? await spec.render() : undefined;
  if (!render?.json) throw new AppError(EXIT.usage, `${spec.name} has no JSON answer to give a line at a time`);
  const json = render.json;
  const input = inputOf(state, source);
  await opened(input, source);
  const base = state.query!;
  const defaultScenario = state.scenario;
  const memo = new Map<string, string>();
  let out = '';
  const flush = () => {
    // The characters a terminal acts on, escaped in the JSON text as every JSON output has them.
    if (out) io.stdout.write(jsonSafe(out));
    out = '';
  };
  let n = 0;
  let failed = 0;
  let answered = 0;
  const lines = createInterface({ input: Readable.from(cappedLines(input)), crlfDelay: Infinity });
  try {
    for await (const text of unreadable(lines, source)) {
      n++;
      if (text.trim() === '') continue;
      answered++;
      // The question without its id is what an answer depends on: the key of the answers kept.
      let id: unknown;
      let key = text.trim();
      try {
        const o = JSON.parse(text) as unknown;
        if (o !== null && typeof o === 'object' && !Array.isArray(o) && 'id' in o) {
          const { id: given, ...rest } = o as Record<string, unknown>;
          id = given;
          key = JSON.stringify(rest);
        }
      } catch {
        // Not JSON: readQuestionLine says so, with the parser's words.
      }
      let body: string;
      try {
        const cached = memo.get(key);
        if (cached !== undefined) body = cached;
        else {
          const line = readQuestionLine(state.model!, base, text, io);
          const at: Partial<Context<unknown>> = { ...state, query: line.query, settings: line.query.settings ?? new Map(), ev: undefined };
          if (line.scenario !== undefined) at.scenario = findScenario(state.model!, line.scenario);
          else if (defaultScenario === undefined && spec.arguments?.some(([a]) => a === '<scenario>'))
            throw new AppError(EXIT.usage, `${spec.name} needs a scenario: give "scenario" on the line, or one on the command line`);
          const data = await answer(spec, at);
          body = JSON.stringify(json(data)).slice(1);
          if (memo.size < MEMO_LIMIT) memo.set(key, body);
        }
        const head = id !== undefined ? `{"line":${n},"id":${JSON.stringify(id)},` : `{"line":${n},`;
        out += body === '}' ? `${head.slice(0, -1)}}\n` : `${head}${body}\n`;
      } catch (e) {
        failed++;
        out += `${JSON.stringify({ schemaVersion: SCHEMA_VERSION, line: n, ...(id !== undefined ? { id } : {}), error: errorObject(e) })}\n`;
      }
      // Written as it goes, a screenful at a time, so a reader downstream sees answers while the rest are worked out.
      if (out.length > 16_384) flush();
    }
  } finally {
    // The answers so far reach the reader, also when the input fails (a line too long).
    flush();
  }
  if (failed) throw new AppError(EXIT.data, `--batch: ${failed} of ${answered} line(s) failed; each failure is on its line of the output, with its number`);
}
