import { load, FAILSAFE_SCHEMA, Type } from 'js-yaml';
import type { LoadOptions } from 'js-yaml';
import { loadModel } from './load.js';
import type { LoadResult, ModelFileInput } from './load.js';
import { MAX_DEPTH, MAX_FILE_BYTES, MAX_TOKENS, countTokens, parseYaml } from './yaml.js';
import type { ParsedYaml } from './yaml.js';

/*
 * A fast path for loading model files: js-yaml parses about ten times faster
 * than the yaml package (which runs cold at about 2 µs a byte), but knows no
 * node positions and fewer safety checks. So this path only ever accepts a
 * file when it can tell the result is exactly what the yaml path would give,
 * positions included; anything unusual (anchors, aliases, tags, directives,
 * duplicate or forbidden keys, deep nesting, a parse error) returns
 * undefined and the caller uses the yaml path, which reports every problem
 * with its position.
 */

// The yaml package's YAML 1.2 core schema, rule for rule, so plain scalars
// resolve the same way (`yes` and `0b1` stay strings, `0o17` is octal, no
// timestamps, no merge keys).
const nullType = new Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (s: string) => /^(?:~|[Nn]ull|NULL)?$/.test(s),
  construct: () => null,
});
const boolType = new Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (s: string) => /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s),
  construct: (s: string) => s[0] === 't' || s[0] === 'T',
});
// js-yaml keeps one type per tag, so each tag's forms are one resolver.
const INT_DEC = /^[-+]?[0-9]+$/;
const INT_OCT = /^0o[0-7]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const intType = new Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (s: string) => INT_DEC.test(s) || INT_OCT.test(s) || INT_HEX.test(s),
  construct: (s: string) => (INT_OCT.test(s) ? parseInt(s.slice(2), 8) : INT_HEX.test(s) ? parseInt(s.slice(2), 16) : parseInt(s, 10)),
});
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT_DEC = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const floatType = new Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (s: string) => FLOAT_SPECIAL.test(s) || FLOAT_EXP.test(s) || FLOAT_DEC.test(s),
  construct: (s: string) =>
    !FLOAT_SPECIAL.test(s)
      ? parseFloat(s)
      : s.slice(-3).toLowerCase() === 'nan'
        ? NaN
        : s[0] === '-'
          ? Number.NEGATIVE_INFINITY
          : Number.POSITIVE_INFINITY,
});
const CORE_AS_YAML = FAILSAFE_SCHEMA.extend({
  implicit: [nullType, boolType, intType, floatType],
});

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** An anchor, alias or tag where a node can start, or a directive: left to the yaml path. */
const PROPERTIES = /(?:^|[\s[{,])(?:[&*][^\s,[\]{}]|!)|^%/gm;
/**
 * An upper bound on the yaml lexer's token count, without running it (it
 * costs about 0.3 µs a byte cold): the lexer never splits a run of letters
 * and digits or of blanks, and puts a zero-width marker only before a scalar
 * or at a document's start. So a run of word characters counts two (marker
 * and text), a quote two, a run of blanks and any other character one.
 * tests/model-load.test.ts checks the bound against the lexer on random text.
 */
export function tokenBound(text: string): number {
  let n = 16;
  let prev = 0; // 1 word, 2 blank, 0 other
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const kind = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 ? 1 : c === 32 || c === 9 ? 2 : 0;
    if (kind === 0) n += c === 34 || c === 39 ? 2 : 1;
    else if (kind !== prev) n += kind === 1 ? 2 : 1;
    prev = kind;
  }
  return n;
}

/** Whether the text may hold node properties or a directive (outside whole-line comments). */
function hasProperties(text: string): boolean {
  PROPERTIES.lastIndex = 0;
  for (let m = PROPERTIES.exec(text); m; m = PROPERTIES.exec(text)) {
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    if (!/^[ \t]*#/.test(text.slice(lineStart, m.index + 1))) return true;
  }
  return false;
}

interface Frame {
  pos: number;
  kids: { start: number; result: unknown }[];
}

/**
 * Parses one model file through js-yaml, with the positions the yaml path
 * would report, or returns undefined when the yaml path must decide.
 */
export function parseYamlFast(file: string, bytes: Uint8Array | string, knownSize?: number): ParsedYaml | undefined {
  const size = knownSize ?? (typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength);
  if (size > MAX_FILE_BYTES) return undefined;
  let text: string;
  try {
    text = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // js-yaml reads NUL as end of input and would accept some control characters the yaml path rejects.
  if (hasProperties(text) || /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return undefined;
  if (tokenBound(text) > MAX_TOKENS && countTokens(text) > MAX_TOKENS) return undefined;

  // Where each node starts: containers by identity, and every child of a
  // container by its index among the container's nodes (keys and values).
  const starts = new WeakMap<object, number>();
  const kidsOf = new WeakMap<object, Frame['kids']>();
  const stack: Frame[] = [];
  let consistent = true;
  const options: LoadOptions & { maxDepth?: number } = {
    filename: file,
    schema: CORE_AS_YAML,
    json: false,
    // Well inside the yaml path's own limit, so a file it would refuse never passes here.
    maxDepth: MAX_DEPTH - 10,
    listener(event, state) {
      if (event === 'open') {
        stack.push({ pos: state.position, kids: [] });
        return;
      }
      const f = stack.pop();
      if (!f) {
        consistent = false;
        return;
      }
      const start = skipSpace(text, f.pos);
      const result: unknown = state.result;
      const only = f.kids.length === 1 ? f.kids[0]! : undefined;
      if (only && only.result === result) {
        // js-yaml wraps some nodes (a flow mapping as a sequence item) in a second node event: one node.
        stack[stack.length - 1]?.kids.push(only);
        return;
      }
      if (result !== null && typeof result === 'object') {
        if (starts.has(result)) consistent = false; // the same object twice: an alias
        starts.set(result, start);
        kidsOf.set(result, f.kids);
      }
      stack[stack.length - 1]?.kids.push({ start, result });
    },
  };
  let data: unknown;
  try {
    data = load(text, options);
  } catch {
    return undefined;
  }
  if (!consistent || stack.length !== 0 || data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  if (!checkTree(data, kidsOf, text)) return undefined;

  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const linePos = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - lineStarts[lo]! + 1 };
  };

  const locate = (path: readonly (string | number)[], key: boolean) => {
    // As the yaml path's nodeAt: the deepest node the path reaches; a key's own position when asked.
    let node: unknown = data;
    let at = starts.get(data) ?? 0;
    let keyAt: number | undefined;
    for (const step of path) {
      // Where the path leaves the document, yaml gives the last node reached, never its key.
      if (node === null || typeof node !== 'object') {
        keyAt = undefined;
        break;
      }
      const kids = kidsOf.get(node)!;
      if (Array.isArray(node)) {
        if (typeof step !== 'number' || step < 0 || step >= node.length) {
          keyAt = undefined;
          break;
        }
        const kid = kids[step]!;
        node = kid.result;
        at = kid.start;
        keyAt = undefined;
      } else {
        const i = Object.keys(node).indexOf(String(step));
        if (i < 0) {
          keyAt = undefined;
          break;
        }
        keyAt = kids[2 * i]!.start;
        const value = kids[2 * i + 1]!;
        node = value.result;
        at = value.start;
      }
    }
    return linePos(key && keyAt !== undefined ? keyAt : at);
  };
  return { file, data, locate };
}

/**
 * Checks that every container's recorded nodes match its contents one for
 * one (a mapping's as key, value, key, value...), and that no key is one a
 * plain object must not take. Anything unexpected sends the file to the yaml path.
 */
function checkTree(root: object, kidsOf: WeakMap<object, { start: number; result: unknown }[]>, text: string): boolean {
  const todo: object[] = [root];
  while (todo.length) {
    const node = todo.pop()!;
    const kids = kidsOf.get(node);
    if (!kids) return false;
    if (Array.isArray(node)) {
      if (kids.length !== node.length) return false;
      for (let i = 0; i < node.length; i++) {
        const v: unknown = node[i];
        if (kids[i]!.result !== v) return false;
        if (v !== null && typeof v === 'object') todo.push(v);
      }
    } else {
      if (Object.getPrototypeOf(node) !== Object.prototype) return false;
      const keys = Object.keys(node);
      if (kids.length !== 2 * keys.length) return false;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        if (FORBIDDEN_KEYS.has(k) || kids[2 * i]!.result !== k) return false;
        const v: unknown = (node as Record<string, unknown>)[k];
        const kid = kids[2 * i + 1]!;
        if (kid.result !== v) return false;
        // A key with no value: where yaml places the empty node is not worth copying.
        if (v === null && !/^(?:~|null|Null|NULL)(?![^\s,\]}])/.test(text.slice(kid.start, kid.start + 5))) return false;
        if (v !== null && typeof v === 'object') todo.push(v);
      }
    }
  }
  return true;
}

/** The offset of the next token at or after `i`: past spaces, line breaks and comments. */
function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) i++;
    else if (c === 35 && (i === 0 || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return text.length;
      i = nl + 1;
    } else return i;
  }
}

/**
 * Loads a model's files through the fast parser, each file it declines
 * through the yaml path. Returns undefined when anything is reported (an
 * error or a warning): the caller then loads through the yaml path alone, so
 * every message is the one `validate` gives.
 */
export function loadModelFast(files: readonly ModelFileInput[], folderName: string): LoadResult | undefined {
  const res = loadModel(files, folderName, (file, bytes, size) => {
    const parsed = parseYamlFast(file, bytes, size);
    return parsed ? { parsed, diagnostics: [] } : parseYaml(file, bytes, size);
  });
  return res.model && res.diagnostics.length === 0 ? res : undefined;
}
