import { Composer, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Lexer, Parser, visit } from 'yaml';
import type { CST, Document, Node, Pair, YAMLMap } from 'yaml';
import type { Diagnostic } from './diagnostics.js';

import { MAX_FILE_BYTES } from './files.js';

export { MAX_FILE_BYTES };
/** Deeper nesting than this is refused while parsing (the composer recurses). */
export const MAX_DEPTH = 100;
/**
 * More lexical tokens than this are refused: parsing costs about 5 µs a token,
 * and a 1 MB file of brackets has a million of them (5 s). Real model files
 * have about one token per five bytes, so a full-size one has ~200,000.
 */
export const MAX_TOKENS = 250_000;
const MAX_ALIASES = 100;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface ParsedYaml {
  file: string;
  data: unknown;
  /** The yaml path's document and lines, for positions (src/model/fast-yaml.ts keeps none). */
  doc?: Document;
  lines?: LineCounter;
}

/**
 * Parses one YAML file defensively: a size and token cap, valid UTF-8, a depth check that
 * does not recurse, one document only, no alias bombs or cycles, no prototype or duplicate keys.
 * Every failure is a diagnostic with a position; nothing throws.
 */
export function parseYaml(
  file: string,
  bytes: Uint8Array | string,
  knownSize?: number,
): { parsed?: ParsedYaml; diagnostics: Diagnostic[] } {
  const at = (line: number, col: number, message: string): Diagnostic => ({
    file,
    line,
    col,
    severity: 'error',
    message,
  });
  const size = knownSize ?? (typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength);
  if (size > MAX_FILE_BYTES)
    return { diagnostics: [at(1, 1, `file is ${size} bytes; the limit is ${MAX_FILE_BYTES} bytes`)] };
  let text: string;
  if (typeof bytes === 'string') text = bytes;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      const bad = firstInvalidUtf8(bytes);
      return { diagnostics: [at(bad.line, bad.col, 'file is not valid UTF-8 text')] };
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const lines = new LineCounter();
  const cst = parseCst(text, lines);
  if ('problem' in cst) {
    const p = lines.linePos(cst.offset);
    return { diagnostics: [at(p.line, p.col, cst.problem)] };
  }
  let docs: Document[];
  try {
    // uniqueKeys is off because yaml checks it pairwise (100,000 keys took
    // minutes); duplicates are found below with a set per mapping.
    docs = [...new Composer({ prettyErrors: false, uniqueKeys: false, logLevel: 'error' }).compose(cst.tokens)] as Document[];
  } catch (e) {
    return { diagnostics: [at(1, 1, `cannot parse YAML: ${(e as Error).message}`)] };
  }
  const pos = (offset: number) => lines.linePos(offset);
  if (docs.length === 0 || (docs.length === 1 && docs[0]!.contents === null && docs[0]!.errors.length === 0)) {
    return { diagnostics: [at(1, 1, 'file is empty; expected a mapping that starts with `kind:`')] };
  }
  if (docs.length > 1) {
    const p = pos(docs[1]!.range?.[0] ?? 0);
    return { diagnostics: [at(p.line, p.col, 'several YAML documents in one file; expected one (remove the `---` separator)')] };
  }
  const doc = docs[0]!;
  const diagnostics: Diagnostic[] = [];
  for (const err of doc.errors) {
    const p = err.linePos?.[0] ?? pos(err.pos[0] ?? 0);
    diagnostics.push(at(p.line, p.col, yamlMessage(err.code, err.message)));
  }
  if (diagnostics.length) return { diagnostics: diagnostics.slice(0, 20) };

  visit(doc, {
    Alias(_, alias, path) {
      // `&a [*a]` would make a cyclic value that later code walks forever.
      const target = alias.resolve(doc);
      if (target && path.includes(target)) {
        const p = pos(alias.range?.[0] ?? 0);
        diagnostics.push(at(p.line, p.col, `alias *${alias.source} refers to a node that contains it (a cycle)`));
      }
    },
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        // An alias can stand for a key: judge the node it names.
        const key = isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
        const p = pos((pair.key as Node | null)?.range?.[0] ?? map.range?.[0] ?? 0);
        if (key === null || key === undefined) continue;
        if (!isScalar(key)) {
          // A list or mapping as a key has no place in a model (and JS objects would stringify it).
          diagnostics.push(at(p.line, p.col, 'a key must be a plain name, not a list or mapping'));
          continue;
        }
        const name = String(key.value);
        if (FORBIDDEN_KEYS.has(name)) diagnostics.push(at(p.line, p.col, `key '${name}' is not allowed`));
        else if (seen.has(name)) diagnostics.push(at(p.line, p.col, `duplicate key '${name}'; each key appears once in a mapping`));
        seen.add(name);
      }
    },
  });
  if (diagnostics.length) return { diagnostics };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    const msg = (e as Error).message;
    const aliasy = /alias/i.test(msg) || e instanceof ReferenceError;
    return {
      diagnostics: [
        at(1, 1, aliasy ? `too many alias expansions (more than ${MAX_ALIASES}): refusing a possible alias bomb` : `cannot read YAML: ${msg}`),
      ],
    };
  }
  return { parsed: { file, doc, lines, data }, diagnostics: [] };
}

function yamlMessage(code: string, message: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'TAB_AS_INDENT') return 'tab used for indentation; YAML indents with spaces';
  if (code === 'DUPLICATE_KEY') return `duplicate key: ${first}`;
  return first;
}

/**
 * Lexes and parses to the concrete syntax tree, refusing on the way a file
 * with too many tokens or nesting deeper than MAX_DEPTH (flow or block). The
 * parser keeps its open nodes on an explicit stack, so watching its height
 * bounds the depth before anything recursive (the composer, toJS) runs.
 */
function parseCst(text: string, lines: LineCounter): { tokens: CST.Token[] } | { problem: string; offset: number } {
  // Count first with the lexer alone (ten times cheaper than the parser), so
  // a file of a million brackets is refused after lexing its first 250,000
  // tokens once (about a third of a second here), never parsed.
  const counted = countTokens(text);
  if (counted > MAX_TOKENS) {
    const offset = lastCount!.offset; // countTokens kept it: the text is past the cap
    lineStarts(text, offset, lines);
    return { problem: `file has more than ${MAX_TOKENS} YAML tokens; split it into smaller files`, offset };
  }
  const parser = new Parser(lines.addNewLine);
  lines.addNewLine(0);
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(text)) {
    for (const t of parser.next(lexeme)) tokens.push(t);
    // The stack holds the document and the scalar being read besides the collections.
    if (parser.stack.length > MAX_DEPTH + 2)
      return { problem: `nesting deeper than ${MAX_DEPTH} levels`, offset: Math.min(parser.offset, text.length) };
  }
  for (const t of parser.end()) tokens.push(t);
  return { tokens };
}

/**
 * The last text counted past the cap, with where the token past the cap
 * starts: such a file is counted by the fast path first (fast-yaml.ts),
 * then here, and lexing it costs a third of a second.
 */
let lastCount: { text: string; count: number; offset: number } | undefined;

/** The number of lexical tokens, counting no further than one past MAX_TOKENS (one lexing per text). */
export function countTokens(text: string): number {
  if (lastCount?.text === text) return lastCount.count;
  let count = 0;
  let offset = 0;
  for (const lexeme of new Lexer().lex(text)) {
    if (++count > MAX_TOKENS) break;
    // Control tokens (one character below a space) stand for no text.
    if (!(lexeme.length === 1 && lexeme < ' ' && lexeme !== '\t' && lexeme !== '\n' && lexeme !== '\r')) offset += lexeme.length;
  }
  // Kept only past the cap, where the caller asks again (for the offset, or as the second path): no text held otherwise.
  if (count > MAX_TOKENS) lastCount = { text, count, offset };
  return count;
}

/** Tells the line counter where lines start up to `offset` (when the parser did not run). */
function lineStarts(text: string, offset: number, lines: LineCounter): void {
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, col: offset - last };
}

function firstInvalidUtf8(bytes: Uint8Array): { line: number; col: number } {
  const dec = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  // Binary search for the longest valid prefix (a prefix may end mid-character, so allow 3 bytes slack).
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try {
      dec.decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  const text = new TextDecoder().decode(bytes.subarray(0, lo));
  return lineCol(text, text.length);
}

/** Per mapping, its pairs by key (built on first use): finding a key is then constant time, not a scan. */
const pairIndex = new WeakMap<object, Map<string, Pair>>();

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  // Small mappings are scanned; large ones (a conditions file of many keys, each reported) indexed once.
  if (map.items.length < 16) return map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) if (isPair(p) && isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
    pairIndex.set(map, index);
  }
  return index.get(key);
}

/** The YAML node at a path of keys and indexes (for positions), or the nearest parent. */
export function nodeAt(doc: Document, path: readonly (string | number)[]): { node: Node | undefined; keyNode?: Node } {
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const step of path) {
    if (isMap(node)) {
      const pair = pairOf(node, String(step));
      if (!pair) return { node: node };
      keyNode = pair.key as Node;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step];
      if (item === undefined) return { node: node };
      node = item;
      keyNode = undefined;
    } else {
      return { node: node as Node };
    }
  }
  return keyNode ? { node: node as Node, keyNode } : { node: node as Node };
}

/** Line and column of the node at a path (the key itself when `key` is set). */
export function positionOf(p: ParsedYaml, path: readonly (string | number)[], key = false): { line: number; col: number } {
  if (!p.doc || !p.lines) return { line: 1, col: 1 };
  const { node, keyNode } = nodeAt(p.doc, path);
  const target = key && keyNode ? keyNode : node;
  const offset = target?.range?.[0] ?? 0;
  return p.lines.linePos(offset);
}
