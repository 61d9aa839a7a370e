/**
 * The circuit under construction (components.ts compiles into it): nodes
 * in arrays, AND and OR nodes made once each (hash-consing), one leaf per
 * literal and per free variable, and the budget of nodes.
 */
import { ROLE_AUX } from './cnf.js';
import type { ClauseSet } from './cnf.js';
import { code, Propagator } from './propagate.js';

export const T_FALSE = 0;
export const T_TRUE = 1;
export const T_LIT = 2;
export const T_FREE = 3;
export const T_AND = 4;
export const T_OR = 5;

/** A compiled circuit: nodes in topological order (children first), the root last. */
export interface Circuit {
  readonly nVars: number;
  readonly size: number;
  readonly type: Uint8Array;
  /** For a literal leaf its literal, for a free leaf its variable. */
  readonly arg: Int32Array;
  readonly start: Int32Array;
  readonly len: Int32Array;
  readonly kids: Int32Array;
  readonly root: number;
  /** Leaf node of each literal code (2v for v, 2v+1 for ¬v), -1 when absent. */
  readonly litLeaf: Int32Array;
  /** Free leaf of each variable, -1 when absent. */
  readonly freeLeaf: Int32Array;
  /** The work compiling it took (see CircuitBuilder.spend); 0 for a circuit read back from data. */
  readonly work: number;
}

/** Raised when compiling would exceed its budget of nodes (or of work). */
export class CompileBudgetError extends Error {
  constructor(readonly nodes: number) {
    super(`the model is too large to count exactly within its budget (${nodes} circuit nodes)`);
    this.name = 'CompileBudgetError';
  }
}

export abstract class CircuitBuilder extends Propagator {
  protected readonly role: Uint8Array;
  private type: number[] = [T_FALSE, T_TRUE];
  private arg: number[] = [0, 0];
  private nodeStart: number[] = [0, 0];
  private len: number[] = [0, 0];
  private kids: number[] = [];
  private readonly unique = new Map<number, number[]>();
  private readonly litLeaf: Int32Array;
  private readonly freeLeaf: Int32Array;

  /** Work done so far, in clause visits (see spend). */
  work = 0;

  constructor(
    cnf: ClauseSet,
    private readonly maxNodes: number,
    private readonly maxWork = Infinity,
  ) {
    super(cnf);
    const n = this.n;
    this.role = Uint8Array.from(cnf.role.map((r) => (r < 0 ? ROLE_AUX : r)));
    this.litLeaf = new Int32Array(2 * n + 2).fill(-1);
    this.freeLeaf = new Int32Array(n + 1).fill(-1);
  }

  /** Throws CompileBudgetError once the circuit has more nodes than its budget. */
  protected checkBudget(): void {
    if (this.type.length > this.maxNodes) this.overBudget();
  }

  /**
   * Counts work that builds no node (a search for components visits every
   * open clause of the component), so that a model whose circuit stays small
   * but costs much to find is refused as well, rather than left to run.
   */
  protected spend(units: number): void {
    this.work += units;
    if (this.work > this.maxWork) this.overBudget();
  }

  protected overBudget(): never {
    throw new CompileBudgetError(this.maxNodes);
  }

  /** Literal leaves for what the trail assigned since `mark` (aux variables get none). */
  protected leavesFrom(mark: number): number[] {
    const out: number[] = [];
    for (let i = mark; i < this.trailSize; i++) {
      const l = this.trail[i]!;
      if (this.role[Math.abs(l)] !== ROLE_AUX) out.push(this.litNode(l));
    }
    return out;
  }

  // ------------------------------------------------------------------ nodes

  private node(type: number, arg: number, children: readonly number[]): number {
    const id = this.type.length;
    this.type.push(type);
    this.arg.push(arg);
    this.nodeStart.push(this.kids.length);
    this.len.push(children.length);
    for (const c of children) this.kids.push(c);
    return id;
  }

  protected litNode(l: number): number {
    const c = code(l);
    const hit = this.litLeaf[c]!;
    if (hit >= 0) return hit;
    return (this.litLeaf[c] = this.node(T_LIT, l, []));
  }

  protected freeNode(v: number): number {
    const hit = this.freeLeaf[v]!;
    if (hit >= 0) return hit;
    return (this.freeLeaf[v] = this.node(T_FREE, v, []));
  }

  protected and(children: number[]): number {
    const kept: number[] = [];
    for (const c of children) {
      if (c === T_FALSE) return T_FALSE;
      if (c !== T_TRUE) kept.push(c);
    }
    if (kept.length === 0) return T_TRUE;
    if (kept.length === 1) return kept[0]!;
    if (kept.length > 2) kept.sort((a, b) => a - b);
    else if (kept[0]! > kept[1]!) kept.reverse();
    return this.interned(T_AND, kept);
  }

  protected or(a: number, b: number): number {
    if (a === T_FALSE) return b;
    if (b === T_FALSE) return a;
    return this.interned(T_OR, [a, b]);
  }

  /** The node of that type and children, made once (hash-consing). */
  private interned(type: number, children: readonly number[]): number {
    let h = type;
    for (const c of children) h = Math.imul(h ^ c, 0x01000193);
    const bucket = this.unique.get(h);
    if (bucket) {
      for (const id of bucket) {
        if (this.type[id] !== type || this.len[id] !== children.length) continue;
        const s = this.nodeStart[id]!;
        let same = true;
        for (let i = 0; i < children.length && same; i++) same = this.kids[s + i] === children[i];
        if (same) return id;
      }
    }
    const id = this.node(type, 0, children);
    if (bucket) bucket.push(id);
    else this.unique.set(h, [id]);
    return id;
  }

  protected finish(root: number): Circuit {
    // Put the root last so a pass in index order ends at it.
    return {
      nVars: this.n,
      size: this.type.length,
      type: Uint8Array.from(this.type),
      arg: Int32Array.from(this.arg),
      start: Int32Array.from(this.nodeStart),
      len: Int32Array.from(this.len),
      kids: Int32Array.from(this.kids),
      root,
      litLeaf: this.litLeaf,
      freeLeaf: this.freeLeaf,
      work: this.work,
    };
  }
}
