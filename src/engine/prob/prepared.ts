/**
 * A distribution's costly, question-independent work as data: the model's
 * compiled circuit and the calibration fitted to the model's own parameters.
 * The build saves it beside the shipped model (dist/), so a one-shot command
 * does not compile and calibrate again on every start (tens of milliseconds
 * each, most of a query's time).
 *
 * Saved data is only ever a shortcut: `readPrepared` accepts it only for the
 * same clauses (a digest of the CNF) and an intact circuit (a digest of its
 * arrays, and its structure checked), and the distribution accepts the
 * calibration only if it meets the targets (distribution.ts). Anything else
 * is ignored, and the work is done as if nothing had been saved.
 */
import { T_AND, T_FALSE, T_FREE, T_LIT, T_OR, T_TRUE } from './circuit.js';
import type { Circuit } from './circuit.js';
import type { Cnf } from './cnf.js';
import { code } from './propagate.js';

export const PREPARED_VERSION = 1;

/** What Distribution.prepare() gives and Distribution's `prepared` option takes: plain JSON. */
export interface PreparedDistribution {
  version: number;
  /** Digest of the clauses and variable roles the circuit was compiled from. */
  cnf: string;
  /** The model's own circuit (every question is a pass over it). */
  circuit: CircuitData;
  /** The calibration factors fitted to the model's own parameters (null: the model states no targets; absent: its targets cannot be met). */
  theta?: number[] | null;
  /** The last Jacobian of that fit, which later fits start from (so saved and fresh runs agree to the bit). */
  jacobian: { key: string; J: number[][] } | null;
}

/**
 * What prepare() gives for a model whose own circuit is past the compile
 * budget: that budget, so a later run with the same clauses and no larger a
 * budget goes straight to the estimate instead of compiling until it is
 * refused again (the compiler is deterministic: same clauses, order and
 * budget, same refusal).
 */
export interface PreparedBeyond {
  version: number;
  cnf: string;
  beyond: { maxNodes: number; maxWork: number };
}

export interface CircuitData {
  nVars: number;
  root: number;
  type: number[];
  arg: number[];
  start: number[];
  len: number[];
  kids: number[];
  litLeaf: number[];
  freeLeaf: number[];
  /** Digest of the arrays above. */
  digest: string;
}

/** A 53-bit digest of a sequence of integers (two multiplicative hashes combined, as cyrb53 does). */
function digestOf(parts: readonly (ArrayLike<number> | number)[]): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const mix = (x: number) => {
    h1 = Math.imul(h1 ^ x, 2654435761);
    h2 = Math.imul(h2 ^ x, 1597334677);
  };
  for (const p of parts) {
    if (typeof p === 'number') mix(p | 0);
    else {
      mix(p.length | 0);
      for (let i = 0; i < p.length; i++) mix(p[i]! | 0);
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** Digest of a CNF: its variables' roles and every clause, in order. */
export function cnfDigest(cnf: Cnf): string {
  const parts: (ArrayLike<number> | number)[] = [PREPARED_VERSION, cnf.nVars, cnf.role, cnf.clauses.length];
  for (const c of cnf.clauses) parts.push(c);
  return digestOf(parts);
}

const circuitParts = (c: Omit<CircuitData, 'digest'>) => [c.nVars, c.root, c.type, c.arg, c.start, c.len, c.kids, c.litLeaf, c.freeLeaf];

/** A circuit as JSON-safe arrays, with their digest. */
export function circuitData(c: Circuit): CircuitData {
  const data = {
    nVars: c.nVars,
    root: c.root,
    type: Array.from(c.type),
    arg: Array.from(c.arg),
    start: Array.from(c.start),
    len: Array.from(c.len),
    kids: Array.from(c.kids),
    litLeaf: Array.from(c.litLeaf),
    freeLeaf: Array.from(c.freeLeaf),
  };
  return { ...data, digest: digestOf(circuitParts(data)) };
}

const isIntArray = (x: unknown): x is number[] => Array.isArray(x) && x.every((v) => Number.isInteger(v));

/** The budget a saved marker says this CNF's circuit is past, or null when the data is no such marker for it. */
export function beyondFromData(saved: unknown, cnf: Cnf): { maxNodes: number; maxWork: number } | null {
  if (typeof saved !== 'object' || saved === null) return null;
  const p = saved as Partial<PreparedBeyond>;
  if (p.version !== PREPARED_VERSION || typeof p.beyond !== 'object' || p.beyond === null || p.cnf !== cnfDigest(cnf)) return null;
  const { maxNodes, maxWork } = p.beyond;
  return Number.isInteger(maxNodes) && Number.isInteger(maxWork) && maxNodes > 0 && maxWork > 0 ? { maxNodes, maxWork } : null;
}

/**
 * The circuit saved for this CNF, or null when the data is not for it
 * (another version or other clauses), is damaged (its digest), or is not a
 * well-formed circuit (children before parents, leaves where the indexes say).
 */
export function circuitFromData(saved: unknown, cnf: Cnf): Circuit | null {
  if (typeof saved !== 'object' || saved === null) return null;
  const p = saved as Partial<PreparedDistribution>;
  if (p.version !== PREPARED_VERSION || p.cnf !== cnfDigest(cnf)) return null;
  const d = p.circuit as Partial<CircuitData> | undefined;
  if (!d || typeof d !== 'object') return null;
  const { nVars, root, type, arg, start, len, kids, litLeaf, freeLeaf } = d;
  if (nVars !== cnf.nVars || !Number.isInteger(root)) return null;
  if (![type, arg, start, len, kids, litLeaf, freeLeaf].every(isIntArray)) return null;
  const c = { nVars, root: root!, type: type!, arg: arg!, start: start!, len: len!, kids: kids!, litLeaf: litLeaf!, freeLeaf: freeLeaf! };
  if (d.digest !== digestOf(circuitParts(c))) return null;
  const size = c.type.length;
  const n = nVars;
  if (c.arg.length !== size || c.start.length !== size || c.len.length !== size) return null;
  if (c.litLeaf.length !== 2 * n + 2 || c.freeLeaf.length !== n + 1 || c.root < 0 || c.root >= size) return null;
  for (let i = 0; i < size; i++) {
    const t = c.type[i]!;
    if (t === T_AND || t === T_OR) {
      const s = c.start[i]!;
      const l = c.len[i]!;
      if (s < 0 || l < 1 || s + l > c.kids.length) return null;
      for (let k = s; k < s + l; k++) if (c.kids[k]! < 0 || c.kids[k]! >= i) return null;
    } else if (t === T_LIT) {
      const l = c.arg[i]!;
      if (l === 0 || Math.abs(l) > n || c.litLeaf[code(l)] !== i) return null;
    } else if (t === T_FREE) {
      const v = c.arg[i]!;
      if (v < 1 || v > n || c.freeLeaf[v] !== i) return null;
    } else if (t !== T_FALSE && t !== T_TRUE) return null;
  }
  for (let k = 0; k < c.litLeaf.length; k++) {
    const at = c.litLeaf[k]!;
    if (at !== -1 && (at < 0 || at >= size || c.type[at] !== T_LIT || code(c.arg[at]!) !== k)) return null;
  }
  for (let v = 0; v <= n; v++) {
    const at = c.freeLeaf[v]!;
    if (at !== -1 && (at < 0 || at >= size || c.type[at] !== T_FREE || c.arg[at] !== v)) return null;
  }
  return {
    nVars: n,
    size,
    root: c.root,
    type: Uint8Array.from(c.type),
    arg: Int32Array.from(c.arg),
    start: Int32Array.from(c.start),
    len: Int32Array.from(c.len),
    kids: Int32Array.from(c.kids),
    litLeaf: Int32Array.from(c.litLeaf),
    freeLeaf: Int32Array.from(c.freeLeaf),
    work: 0,
  };
}

/** The saved calibration factors, when they are a list of positive finite numbers of the right length. */
export function thetaFromData(saved: unknown, scenarios: number): number[] | null | undefined {
  const t = (saved as Partial<PreparedDistribution>).theta;
  if (t === null) return null;
  return Array.isArray(t) && t.length === scenarios && t.every((x) => typeof x === 'number' && Number.isFinite(x) && x > 0) ? [...t] : undefined;
}

/** The saved Jacobian, when it is a square matrix of finite numbers. */
export function jacobianFromData(saved: unknown): { key: string; J: number[][] } | undefined {
  const j = (saved as Partial<PreparedDistribution>).jacobian;
  if (!j || typeof j !== 'object' || typeof j.key !== 'string' || !Array.isArray(j.J)) return undefined;
  const k = j.J.length;
  const ok = j.J.every((row) => Array.isArray(row) && row.length === k && row.every((x) => typeof x === 'number' && Number.isFinite(x)));
  return ok ? { key: j.key, J: j.J.map((r) => [...r]) } : undefined;
}
