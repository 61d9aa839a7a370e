// A generator of synthetic scenario models for the scale benchmarks: N
// conditions (one in twenty a three-valued named condition), N constraints
// (implications, chains, at-most-one and excludes, some over all/any), M
// scenarios each requiring about five conditions, and settings for a tenth
// of the conditions. Deterministic for a seed.
//
// Every constraint is chosen to hold in one hidden world, so the model is
// consistent and the settings (read off that world) never contradict it;
// requirements are drawn at random, so some scenarios end up ruled out, some
// triggered and most open, as in a real model.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: a small seeded PRNG, so every run benchmarks the same models. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALUES = ['low', 'mid', 'high'];
const cite = [{ basis: 'background', note: 'generated' }];

/**
 * With `soft`, the model is a probabilistic one as well: every condition has
 * a prior and a third of the constraints are soft (a probability between 0.6
 * and 0.95), drawn from a stream of their own so the logic stays the same.
 *
 * With `clustered`, conditions come in clusters of eight, as a real model's
 * do (the conditions around one actor or one question), and every
 * constraint, requirement and piece of evidence stays within a cluster or
 * reaches the next one: the structure of a real model, whose width (and so
 * the cost of exact counting) stays bounded as it grows; without it, rules
 * reach 40 conditions away and the width grows with N.
 *
 * @param {{n: number, m: number, seed?: number, soft?: boolean, clustered?: boolean}} p
 * @returns {{model: object, settings: Map<string, boolean|string>, world: Map<string, boolean|string>}}
 */
export function generate({ n, m, seed = 1, soft = false, clustered = false }) {
  const r = rng(seed * 7919 + n * 31 + m);
  const pick = (k) => Math.floor(r() * k);
  const conditions = [];
  const world = new Map();
  for (let i = 0; i < n; i++) {
    const id = `c${i}`;
    if (i % 20 === 19) {
      conditions.push({ id, question: `Is ${id} low, mid or high?`, values: VALUES, citations: cite });
      world.set(id, VALUES[pick(3)]);
    } else {
      conditions.push({ id, question: `Does ${id} hold?`, values: null, citations: cite });
      world.set(id, r() < 0.35);
    }
  }
  const holds = (e) => {
    switch (e.op) {
      case 'is':
        return world.get(e.condition) === e.value;
      case 'not':
        return !holds(e.arg);
      case 'all':
        return e.args.every(holds);
      case 'any':
        return e.args.some(holds);
    }
  };
  // A literal over condition i: true or false in the hidden world, as asked.
  const lit = (i, wantTrue) => {
    const c = conditions[i];
    const w = world.get(c.id);
    if (c.values) {
      const v = wantTrue ? w : VALUES.find((x) => x !== w);
      return { op: 'is', condition: c.id, value: v };
    }
    const e = { op: 'is', condition: c.id, value: true };
    return w === wantTrue ? e : { op: 'not', arg: e };
  };
  const anyLit = (i) => lit(i, r() < 0.5);
  // Neighbours within a window make chains several constraints long.
  const K = 8;
  const near = clustered
    ? (i) => {
        // Within the cluster, or (one time in four) into the next one.
        const base = Math.floor(i / K) * K;
        const j = r() < 0.25 ? base + K + pick(K) : base + pick(K);
        return j === i ? (i + 1) % n : j % n;
      }
    : (i) => (i + 1 + pick(Math.min(40, n - 1))) % n;

  const constraints = [];
  for (let k = 0; k < n; k++) {
    const i = pick(n);
    const id = `k${k}`;
    const roll = r();
    let c;
    if (roll < 0.6) {
      // if A then B, true in the world: a false antecedent or a true consequent.
      const a = anyLit(i);
      const b = holds(a) ? lit(near(i), true) : anyLit(near(i));
      c = { id, kind: 'implies', args: [a, b] };
    } else if (roll < 0.75) {
      const a = { op: 'all', args: [anyLit(i), anyLit(near(i))] };
      const b = holds(a) ? { op: 'any', args: [lit(near(i), true), anyLit(near(i))] } : anyLit(near(i));
      c = { id, kind: 'implies', args: [a, b] };
    } else if (roll < 0.9) {
      // At most one of three: at most one is true in the world.
      const idx = [i, near(i), near(near(i))];
      const t = pick(4); // which one may be true (3: none)
      c = { id, kind: 'at-most-one', args: idx.map((j, q) => lit(j, q === t)) };
    } else {
      const idx = [i, near(i)];
      const t = pick(2);
      c = { id, kind: 'excludes', args: idx.map((j, q) => lit(j, q === t || r() < 0.3)) };
      if (c.args.every(holds)) c.args[0] = lit(idx[0], false);
    }
    c.citations = cite;
    constraints.push(c);
  }

  const scenarios = [];
  for (let s = 0; s < m; s++) {
    const base = pick(n);
    const req = [];
    const used = new Set();
    for (let q = 0; q < 5; q++) {
      let j = q === 0 ? base : near(base + q * 3);
      while (used.has(j)) j = (j + 1) % n;
      used.add(j);
      // Mostly what the world has, so most scenarios stay possible.
      req.push({ when: lit(j, r() < 0.8), citations: cite });
    }
    scenarios.push({
      id: `s${s}`,
      numeral: null,
      title: `Scenario ${s}`,
      prior: 1 + pick(3),
      labels: [],
      requires: req,
      triggers: [{ when: lit(near(base), true), citations: cite }],
      rulesOut: [{ when: lit(near(base + 7), false), citations: cite }],
      evidence: [
        { when: anyLit(clustered ? near(base) : pick(n)), effect: 'favours', strength: 'moderate', citations: cite },
        { when: anyLit(clustered ? near(base) : pick(n)), effect: 'disfavours', strength: 'weak', citations: cite },
      ],
      consequences: [],
      citations: cite,
    });
  }

  if (soft) {
    const q = rng(seed * 104729 + n);
    const p = () => Math.round((0.15 + 0.7 * q()) * 100) / 100;
    for (const c of conditions) {
      if (!c.values) c.prior = p();
      else {
        const raw = VALUES.map(() => 0.2 + q());
        const sum = raw.reduce((a, b) => a + b, 0);
        c.prior = Object.fromEntries(VALUES.map((v, i) => [v, raw[i] / sum]));
      }
    }
    for (const c of constraints) if (q() < 1 / 3) c.probability = Math.round((0.6 + 0.35 * q()) * 100) / 100;
  }

  const settings = new Map();
  const order = conditions.map((c) => c.id).sort(() => r() - 0.5);
  for (const id of order.slice(0, Math.max(1, Math.round(n / 10)))) settings.set(id, world.get(id));

  const model = {
    info: { name: `gen-${n}-${m}`, title: `Generated model, ${n} conditions, ${m} scenarios` },
    sources: [],
    conditions,
    constraints,
    scenarios,
    actors: [],
    contradictions: [],
    events: [],
  };
  return { model, settings, world };
}

/**
 * Makes every scenario possible in some world, as the model checks demand:
 * while `possible(scenario)` says no, one of its requirements is redrawn as
 * a literal true in the hidden world (which meets every constraint and none
 * of the rule-outs), so this ends.
 */
export function makePossible({ model, world }, possible) {
  for (const s of model.scenarios) {
    let q = 0;
    while (!possible(s) && q < s.requires.length) {
      const e = s.requires[q].when;
      const id = e.op === 'is' ? e.condition : e.arg.condition;
      const w = world.get(id);
      s.requires[q] = { ...s.requires[q], when: { op: 'is', condition: id, value: w } };
      if (typeof w === 'boolean' && !w) s.requires[q].when = { op: 'not', arg: { op: 'is', condition: id, value: true } };
      q++;
    }
  }
}

/** An expression as the model format writes it (see the README's file format). */
function exprYaml(e) {
  switch (e.op) {
    case 'is':
      return e.value === true ? e.condition : `${e.condition}=${e.value}`;
    case 'not':
      return e.arg.op === 'is' && e.arg.value === true ? `not ${e.arg.condition}` : { not: exprYaml(e.arg) };
    case 'all':
      return { all: e.args.map(exprYaml) };
    case 'any':
      return { any: e.args.map(exprYaml) };
  }
}

const SRC = '    sources:\n      - { basis: background, note: generated }\n';
const y = (v) => JSON.stringify(v); // JSON is YAML: flow style, quoted where needed

/**
 * Writes a generated model as a folder of YAML files, in the shipped model's
 * layout: model, conditions, constraints, and one file per scenario.
 */
export function writeModelFolder(dir, model) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.yaml'), `kind: model\nname: ${model.info.name}\ntitle: ${y(model.info.title)}\n`);
  let text = 'kind: conditions\nconditions:\n';
  for (const c of model.conditions) {
    text += `  - id: ${c.id}\n    question: ${y(c.question)}\n`;
    if (c.values) text += `    values: [${c.values.join(', ')}]\n`;
    text += SRC;
  }
  writeFileSync(join(dir, 'conditions.yaml'), text);
  text = 'kind: constraints\nconstraints:\n';
  for (const k of model.constraints) {
    text += `  - id: ${k.id}\n    kind: ${k.kind}\n`;
    if (k.kind === 'implies') text += `    if: ${y(exprYaml(k.args[0]))}\n    then: ${y(exprYaml(k.args[1]))}\n`;
    else text += `    of: ${y(k.args.map(exprYaml))}\n`;
    text += SRC;
  }
  writeFileSync(join(dir, 'constraints.yaml'), text);
  for (const s of model.scenarios) {
    const clauses = (key, list) =>
      list.length ? `${key}:\n` + list.map((c) => `  - when: ${y(exprYaml(c.when))}\n${SRC}`).join('') : '';
    const ev = s.evidence
      .map((e) => `  - when: ${y(exprYaml(e.when))}\n    effect: ${e.effect}\n    strength: ${e.strength}\n${SRC}`)
      .join('');
    writeFileSync(
      join(dir, `${s.id}.yaml`),
      `kind: scenario\nid: ${s.id}\ntitle: ${y(s.title)}\nprior: ${s.prior}\n` +
        clauses('requires', s.requires) +
        clauses('triggers', s.triggers) +
        clauses('rules_out', s.rulesOut) +
        (ev ? `evidence:\n${ev}` : '') +
        `sources:\n  - { basis: background, note: generated }\n`,
    );
  }
}
