import { load, FAILSAFE_SCHEMA, Type } from 'js-yaml';
import type { LoadOptions } from 'js-yaml';
import { loadModel } from './load.js';
import type { LoadResult, ModelFileInput } from './load.js';
import { MAX_DEPTH, MAX_FILE_BYTES, MAX_TOKENS, countTokens, parseYaml } from './yaml.js';
import type { ParsedYaml } from './yaml.js';

/*
 * A fast path for loading model files: js-yaml parses about ten times faster
 * than the yaml package (which runs cold at about 2 µs a byte), but has
 * fewer safety checks and keeps no positions. No command prints a position
 * of a model that loaded cleanly, so this path keeps none (the model's `loc`
 * fields are absent); it accepts a file only when it can tell the data is
 * exactly what the yaml path would give. Anything unusual (anchors, aliases,
 * tags, directives, complex keys, duplicate or forbidden keys, deep nesting,
 * a parse error) returns undefined and the caller uses the yaml path; and
 * any problem found in a model loaded here makes the caller load it again
 * through the yaml path, which reports it with its position.
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
 * A complex key (a list or mapping as a key, or an explicit `? ` key): js-yaml
 * turns it into a string where the yaml path refuses it, so such a text goes
 * the yaml path. Conservative: a quoted `]:` declines too, which only costs time.
 */
const COMPLEX_KEY = /[\]}][ \t]*:(?:[ \t]|$)|(?:^|[\s[{,])\?(?:[ \t]|$)/m;
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

/**
 * Parses one model file through js-yaml, or returns undefined when the yaml
 * path must decide. The result has no positions.
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
  if (hasProperties(text) || COMPLEX_KEY.test(text) || /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return undefined;
  if (tokenBound(text) > MAX_TOKENS && countTokens(text) > MAX_TOKENS) return undefined;
  let data: unknown;
  try {
    // maxDepth well inside the yaml path's own limit, so a file it would refuse never passes here.
    data = load(text, { filename: file, schema: CORE_AS_YAML, json: false, maxDepth: MAX_DEPTH - 10 } as LoadOptions);
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data) || !plainTree(data)) return undefined;
  return { file, data };
}

/** Whether every node is a plain array or object, none met twice (an alias), and no key is one a plain object must not take. */
function plainTree(root: object): boolean {
  const seen = new Set<object>();
  const todo: object[] = [root];
  while (todo.length) {
    const node = todo.pop()!;
    if (seen.has(node)) return false;
    seen.add(node);
    if (!Array.isArray(node)) {
      if (Object.getPrototypeOf(node) !== Object.prototype) return false;
      if (Object.keys(node).some((k) => FORBIDDEN_KEYS.has(k))) return false;
    }
    for (const v of Object.values(node) as unknown[]) if (v !== null && typeof v === 'object') todo.push(v);
  }
  return true;
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
