import { didYouMean } from './diagnostics.js';
import type { RawCitation, RawOverrides } from './schema.js';
import type { ParsedYaml } from './yaml.js';
import type { Citation, Condition, Constraint, Loc, ModelInfo, ModelOverride, Scenario, Source } from '../engine/types.js';

/*
 * An overlay's `kind: overrides` file: changes, by id, to what the layers
 * below it define. Each is checked (the item exists below, the new value
 * fits it), applied to a copy (the layer below is never changed in place)
 * and recorded, so that `validate` can list every one.
 */

type Path = (string | number)[];

/** The builder as override application sees it (src/model/overrides.ts). */
export interface OverrideHost {
  at(p: ParsedYaml, path: Path, key?: boolean): Loc;
  loc(p: ParsedYaml, path: Path): Loc | undefined;
  error(loc: Loc, message: string): void;
  cite(list: readonly RawCitation[] | undefined, p: ParsedYaml, path: Path): Citation[];
  /** Whether an item comes from a layer below. */
  below(x: object): boolean;
  conditions: readonly Condition[];
  scenarios: readonly Scenario[];
  sources: readonly Source[];
  constraints: readonly Constraint[];
  /** Puts a changed copy in the place of an item from below. */
  replace(list: 'conditions' | 'scenarios' | 'sources' | 'constraints', from: object, to: object): void;
  info(): ModelInfo | undefined;
  setInfo(info: ModelInfo): void;
}

const where = (l: Loc | undefined) => (l ? `${l.file}:${l.line}:${l.col}` : 'a layer below');

/** A prior as text: `0.3`, or `a: 0.6, b: 0.4`. */
function priorText(p: Condition['prior']): string {
  if (p === undefined) return "the model's default";
  if (typeof p === 'number') return String(p);
  return Object.entries(p)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
}

/** What is wrong with a prior for a condition, if anything (the rules the base's own priors follow). */
export function priorProblem(c: Condition, prior: number | Readonly<Record<string, number>>): string | undefined {
  if (c.values === null) return typeof prior === 'number' ? undefined : `'${c.id}' is a yes/no condition: its prior is one probability (of yes), e.g. prior: 0.3`;
  if (typeof prior === 'number') return `'${c.id}' has named values: its prior gives a probability per value, e.g. prior: { ${c.values[0]}: 0.5 }`;
  for (const k of Object.keys(prior)) if (!c.values.includes(k)) return `'${c.id}' has no value '${k}' to give a prior${didYouMean(k, c.values)}`;
  const sum = Object.values(prior).reduce((a, b) => a + b, 0);
  const all = c.values.every((v) => prior[v] !== undefined);
  if (sum > 1 + 1e-9 || (all && Math.abs(sum - 1) > 1e-6) || (!all && sum >= 1 - 1e-9))
    return `the prior of '${c.id}' sums to ${Math.round(sum * 1e6) / 1e6}; the values' probabilities must sum to 1 (values left out share what is left)`;
  return undefined;
}

/**
 * Applies an overlay's overrides files to the items the builder holds.
 * Returns what was changed, in file order; problems go to the builder's
 * diagnostics with the override's position and the nearest id.
 */
export function applyOverrides(files: readonly { raw: RawOverrides; p: ParsedYaml }[], h: OverrideHost): ModelOverride[] {
  const out: ModelOverride[] = [];
  const seen = new Map<string, Loc>();
  const once = (key: string, at: Loc, what: string): boolean => {
    const prev = seen.get(key);
    if (prev) {
      h.error(at, `a second override of ${what} in this layer (the first is at ${where(prev)})`);
      return false;
    }
    seen.set(key, at);
    return true;
  };
  /** The item from below, or an error naming the nearest id (or saying it is this layer's own). */
  const find = <T extends { id: string; loc?: Loc | undefined }>(list: readonly T[], id: string, what: string, at: Loc, fix: string): T | undefined => {
    const x = list.find((y) => y.id === id);
    if (!x) {
      h.error(at, `unknown ${what} '${id}'${didYouMean(id, list.filter((y) => h.below(y)).map((y) => y.id))}: an override changes a ${what} of a layer below`);
      return undefined;
    }
    if (!h.below(x)) {
      h.error(at, `${what} '${id}' is defined in this layer (${where(x.loc)}): ${fix} there, not with an override`);
      return undefined;
    }
    return x;
  };
  const record = (o: Omit<ModelOverride, 'citations'> & { citations?: Citation[] }) => out.push({ ...o, citations: o.citations ?? [] });

  for (const { raw, p } of files) {
    const why = (path: Path, note: string | undefined, sources: readonly RawCitation[] | undefined) => ({
      note,
      citations: h.cite(sources, p, [...path, 'sources']),
    });
    (raw.priors ?? []).forEach((o, i) => {
      const path: Path = ['priors', i];
      const at = h.at(p, [...path, 'condition']);
      const c = find(h.conditions, o.condition, 'condition', at, 'set its prior');
      if (!c || !once(`prior:${c.id}`, at, `the prior of '${c.id}'`)) return;
      const problem = priorProblem(c, o.prior);
      if (problem) return h.error(h.at(p, [...path, 'prior']), problem);
      h.replace('conditions', c, { ...c, prior: o.prior });
      record({ kind: 'prior', target: c.id, from: priorText(c.prior), to: priorText(o.prior), loc: h.loc(p, path) ?? at, defined: c.loc, ...why(path, o.note, o.sources) });
    });
    (raw.strengths ?? []).forEach((o, i) => {
      const path: Path = ['strengths', i];
      const at = h.at(p, [...path, 'scenario']);
      const s = find(h.scenarios, o.scenario, 'scenario', at, 'set the strength');
      if (!s) return;
      const e = s.evidence[o.evidence];
      if (!e) {
        h.error(
          h.at(p, [...path, 'evidence']),
          s.evidence.length
            ? `scenario '${s.id}' has ${s.evidence.length} evidence item(s), numbered 0 to ${s.evidence.length - 1} ('show ${s.numeral ?? s.short ?? s.id}' lists them in order)`
            : `scenario '${s.id}' has no evidence to change`,
        );
        return;
      }
      const target = `${s.id}#evidence[${o.evidence}]`;
      if (!once(`strength:${target}`, at, target)) return;
      const evidence = s.evidence.map((x, j) => (j === o.evidence ? { ...x, strength: o.strength } : x));
      h.replace('scenarios', s, { ...s, evidence });
      record({ kind: 'strength', target, from: e.strength, to: o.strength, loc: h.loc(p, path) ?? at, defined: e.loc ?? s.loc, ...why(path, o.note, o.sources) });
    });
    (raw.grades ?? []).forEach((o, i) => {
      const path: Path = ['grades', i];
      const at = h.at(p, [...path, 'source']);
      const src = find(h.sources, o.source, 'source', at, 'grade it');
      if (!src || !once(`grade:${src.id}`, at, `the grade of '${src.id}'`)) return;
      h.replace('sources', src, { ...src, reliability: o.reliability });
      record({ kind: 'grade', target: src.id, from: src.reliability, to: o.reliability, loc: h.loc(p, path) ?? at, defined: src.loc, note: o.note });
    });
    (raw.constraints ?? []).forEach((o, i) => {
      const path: Path = ['constraints', i];
      const at = h.at(p, [...path, 'constraint']);
      const k = find(h.constraints, o.constraint, 'constraint', at, 'set its probability');
      if (!k || !once(`constraint:${k.id}`, at, `the probability of '${k.id}'`)) return;
      if (k.probability === undefined) {
        h.error(at, `'${k.id}' is a hard constraint (it holds in every world): an overlay can change the probability of a soft one only`);
        return;
      }
      h.replace('constraints', k, { ...k, probability: o.probability });
      record({ kind: 'constraint', target: k.id, from: String(k.probability), to: String(o.probability), loc: h.loc(p, path) ?? at, defined: k.loc, ...why(path, o.note, o.sources) });
    });
    (raw.targets ?? []).forEach((o, i) => {
      const path: Path = ['targets', i];
      const at = h.at(p, [...path, 'scenario']);
      const s = find(h.scenarios, o.scenario, 'scenario', at, 'give its calibration target in the base model file');
      if (!s || !once(`target:${s.id}`, at, `the calibration target of '${s.id}'`)) return;
      const info = h.info();
      const cal = info?.calibration;
      if (!info || !cal) {
        h.error(at, 'the model below has no calibration to change (a calibration belongs to the base model file)');
        return;
      }
      if (o.range && !(o.range[0] <= o.probability && o.probability <= o.range[1])) {
        h.error(h.at(p, [...path, 'range']), `the range [${o.range[0]}, ${o.range[1]}] must contain the probability ${o.probability}`);
        return;
      }
      const old = cal.targets.find((t) => t.scenario === s.id);
      const citations = h.cite(o.sources, p, [...path, 'sources']);
      const next = { scenario: s.id, probability: o.probability, range: o.range ?? old?.range, citations: citations.length ? citations : (old?.citations ?? []), loc: h.loc(p, path) };
      const targets = old ? cal.targets.map((t) => (t === old ? next : t)) : [...cal.targets, next];
      h.setInfo({ ...info, calibration: { ...cal, targets } });
      record({ kind: 'target', target: s.id, from: old ? String(old.probability) : 'none', to: String(o.probability), loc: h.loc(p, path) ?? at, defined: old?.loc, note: o.note, citations });
    });
  }
  // In the order they are written.
  const pos = (o: ModelOverride) => [o.loc?.file ?? '', o.loc?.line ?? 0, o.loc?.col ?? 0] as const;
  return out.sort((a, b) => {
    const [fa, la, ca] = pos(a);
    const [fb, lb, cb] = pos(b);
    return fa < fb ? -1 : fa > fb ? 1 : la - lb || ca - cb;
  });
}
