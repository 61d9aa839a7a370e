import { didYouMean } from './diagnostics.js';
import type { Diagnostic } from './diagnostics.js';
import type { RawCitation, RawExpr, RawFile, RawOverrides } from './schema.js';
import { applyOverrides } from './overrides.js';
import type { OverrideHost } from './overrides.js';
import { notAValue, parseValue } from './value.js';
import { positionOf } from './yaml.js';
import { isDate } from '../engine/prob/time.js';
import type { ParsedYaml } from './yaml.js';
import type {
  Actor,
  Citation,
  Clause,
  Condition,
  Constraint,
  Contradiction,
  ContradictionSide,
  Expr,
  Loc,
  Model,
  ModelEvent,
  ModelInfo,
  ModelOverride,
  Scenario,
  Source,
  Unit,
  Value,
} from '../engine/types.js';

/*
 * The third layer of loading: schema-checked files to the engine's Model.
 * Ids are resolved across files (conditions first: every expression names
 * them), citations and references checked once every file is in.
 */

type Path = (string | number)[];

/** An overlay's base and the layer it adds. */
export interface OverlayOf {
  base: Model;
  layer: { name: string; dir: string; hash: string; sourcesDir?: string | undefined };
}
/**
 * Words that cannot name a value: settings read them as something else
 * (`unknown`, `unset` clear a setting; true/false/yes/no are yes/no values;
 * YAML reads `null`, `true`, `false` as such when unquoted).
 */
export const RESERVED_VALUES: ReadonlySet<string> = new Set(['unknown', 'unset', 'null', 'true', 'false', 'yes', 'no', 'on', 'off']);

/** Whether a relative path climbs out of its folder or is not relative at all. */
function leavesFolder(file: string): boolean {
  return file.includes('\0') || /^(?:[\\/]|[A-Za-z]:)/.test(file) || file.split(/[\\/]/).includes('..');
}

const EXPR_RE = /^\s*(not\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(?:(!?=)\s*([A-Za-z0-9_-]+))?\s*$/;

/**
 * Builds a Model from schema-checked files, reporting broken references into `out`.
 *
 * One unit, though long: each kind of file (model, sources, conditions,
 * constraints, scenario, actors, events, overrides) is turned into the
 * model's shape against the same maps of ids, positions and diagnostics,
 * and references are resolved once every file is in (`finish`); split by
 * kind, each part would need all of that state.
 */
export class Builder {
  private info: ModelInfo | undefined;
  private infoLoc: Loc | undefined;
  private modelFile: { raw: Extract<RawFile, { kind: 'model' }>; p: ParsedYaml } | undefined;
  private sources: Source[] = [];
  private conditions: Condition[] = [];
  private readonly conditionMap = new Map<string, Condition>();
  private constraints: Constraint[] = [];
  private scenarios: Scenario[] = [];
  private actors: Actor[] = [];
  private contradictions: Contradiction[] = [];
  private events: ModelEvent[] = [];
  /** Citations and references to check once every file is read. */
  private citations: { c: Citation; p: ParsedYaml; path: Path }[] = [];
  private stanceRefs: { scenario: string; p: ParsedYaml; path: Path }[] = [];
  private eventSets: { e: ModelEvent; raw: Record<string, boolean | string>; p: ParsedYaml; path: Path }[] = [];
  private sideRefs: { side: ContradictionSide; raw: Record<string, boolean | string>; p: ParsedYaml; path: Path }[] = [];
  private units: Unit[] = [];
  private unitRefs: { unit: string; p: ParsedYaml; path: Path }[] = [];
  /** For an overlay: what the layers below defined (their ids resolve here, and cannot be defined again). */
  private readonly below = new Set<object>();
  private overlayFile: { raw: Extract<RawFile, { kind: 'model' }>; p: ParsedYaml } | undefined;
  private overrideFiles: { raw: RawOverrides; p: ParsedYaml }[] = [];

  constructor(
    private readonly out: Diagnostic[],
    private readonly folderName: string,
    private readonly incomplete: ReadonlySet<string> = new Set(),
    /** Build an overlay: this layer's files add to (and override by id) the model below. */
    private readonly overlay?: OverlayOf,
  ) {
    if (overlay) this.seed(overlay.base);
  }

  /** The model below an overlay: its items are known, so references to them resolve. */
  private seed(base: Model): void {
    this.info = base.info;
    const take = <T extends object>(into: T[], from: readonly T[] | undefined) => {
      for (const x of from ?? []) {
        into.push(x);
        this.below.add(x);
      }
    };
    take(this.sources, base.sources);
    take(this.conditions, base.conditions);
    for (const c of base.conditions) if (!this.conditionMap.has(c.id)) this.conditionMap.set(c.id, c);
    take(this.constraints, base.constraints);
    take(this.scenarios, base.scenarios);
    take(this.actors, base.actors);
    take(this.units, base.units);
    take(this.contradictions, base.contradictions);
    take(this.events, base.events);
  }

  /** Where a problem is, for its message (1:1 when the parser kept no positions: such a load is done again with them). */
  private at(p: ParsedYaml, path: Path, key = false): Loc {
    const { line, col } = positionOf(p, path, key);
    return { file: p.file, line, col };
  }

  /** Where an item of the model stands, when the parser kept positions (src/model/fast-yaml.ts keeps none). */
  private loc(p: ParsedYaml, path: Path, key = false): Loc | undefined {
    return p.doc ? this.at(p, path, key) : undefined;
  }

  private error(loc: Loc, message: string): void {
    this.out.push({ ...loc, severity: 'error', message });
  }

  private cite(list: readonly RawCitation[] | undefined, p: ParsedYaml, path: Path): Citation[] {
    return (list ?? []).map((r, i) => {
      const c: Citation = {
        source: r.source ?? '',
        quote: r.quote ?? '',
        basis: r.basis,
        reliability: r.reliability,
        note: r.note,
        loc: this.loc(p, [...path, i]),
      };
      this.citations.push({ c, p, path: [...path, i] });
      return c;
    });
  }

  private expr(raw: RawExpr, p: ParsedYaml, path: Path): Expr {
    // Conditions files are added first, so every condition is known here.
    return this.resolve(raw, p, path) ?? { op: 'all', args: [] };
  }

  add(p: ParsedYaml, raw: RawFile): void {
    switch (raw.kind) {
      case 'model':
        if (this.overlay) {
          this.overlayModelFile(p, raw);
          return;
        }
        if (raw.extends !== undefined) {
          this.error(
            this.at(p, ['extends'], true),
            `this model is an overlay on ${[raw.extends].flat().join(', ')}: give its folder with --model, which loads the layers below it first`,
          );
          return;
        }
        if (this.info) {
          this.error(this.at(p, ['kind']), `a second \`kind: model\` file; the first is ${this.infoLoc?.file}`);
          return;
        }
        this.infoLoc = this.at(p, []);
        this.modelFile = { raw, p };
        this.info = {
          name: raw.name,
          title: raw.title,
          description: raw.description,
          sourcesDir: raw.sources_dir,
          time: raw.time && { start: raw.time.start, horizon: raw.time.horizon, endsWhen: raw.time.ends_when ?? [] },
          defaults: raw.defaults && { prior: raw.defaults.prior, hazard: raw.defaults.hazard, halfLife: raw.defaults.half_life },
          calibration: raw.calibration && {
            asOf: raw.calibration.as_of,
            targets: raw.calibration.targets.map((t, i) => ({
              scenario: t.scenario,
              probability: t.probability,
              range: t.range,
              citations: this.cite(t.sources, p, ['calibration', 'targets', i, 'sources']),
              loc: this.loc(p, ['calibration', 'targets', i, 'scenario']),
            })),
          },
          basisFactors: raw.basis_factors,
          reliabilityFactors: raw.reliability_factors,
        };
        return;
      case 'sources':
        raw.sources.forEach((s, i) => {
          const file = s.file ?? s.id;
          // A source's text is read from inside sources_dir and nowhere else (validate would otherwise
          // read any file on the machine, and tell whether a phrase is in it).
          if (leavesFolder(file))
            this.error(
              this.at(p, ['sources', i, s.file !== undefined ? 'file' : 'id']),
              `source file '${file}' leaves the sources folder; give a path inside sources_dir (no '..', not absolute)`,
            );
          this.sources.push({
            id: s.id,
            file: s.file ?? s.id,
            title: s.title,
            date: s.date,
            reliability: s.reliability,
            partisan: s.partisan,
            note: s.note,
            loc: this.loc(p, ['sources', i, 'id']),
          });
        });
        (raw.contradictions ?? []).forEach((c, i) => {
          const base: Path = ['contradictions', i];
          const sides = (c.sides ?? []).map((side, j) => {
            const sp: Path = [...base, 'sides', j];
            const out: ContradictionSide = {
              id: side.id,
              text: side.text,
              claims: this.cite(side.claims, p, [...sp, 'claims']),
              sets: {},
              priors: side.priors ?? {},
              targets: side.targets ?? {},
              loc: this.loc(p, [...sp, 'id']),
            };
            this.sideRefs.push({ side: out, raw: side.sets ?? {}, p, path: sp });
            return out;
          });
          if (c.default !== undefined && !sides.some((x) => x.id === c.default))
            this.error(this.at(p, [...base, 'default']), `no side '${c.default}'${didYouMean(c.default, sides.map((x) => x.id))}`);
          const seen = new Set<string>();
          sides.forEach((x, j) => {
            if (seen.has(x.id)) this.error(this.at(p, [...base, 'sides', j, 'id']), `a second side '${x.id}'`);
            seen.add(x.id);
          });
          this.contradictions.push({
            id: c.id,
            topic: c.topic,
            claims: this.cite(c.claims, p, [...base, 'claims']),
            handling: c.handling,
            defaultSide: c.default,
            sides,
            loc: this.loc(p, [...base, 'id']),
          });
        });
        return;
      case 'conditions':
        raw.conditions.forEach((c, i) => {
          const cond: Condition = {
            id: c.id,
            question: c.question,
            values: c.values ?? null,
            kind: c.kind,
            prior: c.prior,
            hazard: c.hazard,
            halfLife: c.half_life,
            indicator: c.indicator,
            description: c.description,
            citations: this.cite(c.sources, p, ['conditions', i, 'sources']),
            loc: this.loc(p, ['conditions', i, 'id']),
          };
          // Named values are unique, and none is a word settings read otherwise (unknown clears a
          // setting, true/yes mean yes...): such a value could not be set, or would not survive a save.
          const seenValues = new Set<string>();
          (c.values ?? []).forEach((v, j) => {
            const at = this.at(p, ['conditions', i, 'values', j]);
            if (seenValues.has(v)) this.error(at, `value '${v}' appears twice in '${c.id}'; each named value once`);
            else if (RESERVED_VALUES.has(v.toLowerCase()))
              this.error(at, `'${v}' cannot name a value: it is a reserved word (${[...RESERVED_VALUES].join(', ')}); rename it, e.g. '${c.id}_${v}'`);
            seenValues.add(v);
          });
          this.conditions.push(cond);
          if (!this.conditionMap.has(cond.id)) this.conditionMap.set(cond.id, cond);
        });
        return;
      case 'constraints':
        raw.constraints.forEach((k, i) => {
          const base: Path = ['constraints', i];
          let args: Expr[];
          switch (k.kind) {
            case 'implies':
              args = [this.expr(k.if, p, [...base, 'if']), this.expr(k.then, p, [...base, 'then'])];
              break;
            case 'always':
              args = [this.expr(k.that, p, [...base, 'that'])];
              break;
            default:
              args = k.of.map((e, j) => this.expr(e, p, [...base, 'of', j]));
          }
          this.constraints.push({
            id: k.id,
            kind: k.kind,
            args,
            probability: k.probability,
            description: k.description,
            citations: this.cite(k.sources, p, [...base, 'sources']),
            loc: this.loc(p, [...base, 'id']),
          });
        });
        return;
      case 'scenario': {
        const clauses = (key: 'requires' | 'triggers' | 'rules_out'): Clause[] =>
          (raw[key] ?? []).map((c, i) => ({
            when: this.expr(c.when, p, [key, i, 'when']),
            text: c.text,
            citations: this.cite(c.sources, p, [key, i, 'sources']),
            loc: this.loc(p, [key, i]),
          }));
        this.scenarios.push({
          id: raw.id,
          numeral: raw.numeral ?? null,
          short: raw.short,
          title: raw.title,
          summary: raw.summary,
          prior: raw.prior,
          labels: (raw.labels ?? []).map((l, i) => ({ label: l.label, citations: this.cite(l.sources, p, ['labels', i, 'sources']) })),
          requires: clauses('requires'),
          triggers: clauses('triggers'),
          rulesOut: clauses('rules_out'),
          evidence: (raw.evidence ?? []).map((e, i) => ({
            when: this.expr(e.when, p, ['evidence', i, 'when']),
            effect: e.effect,
            strength: e.strength,
            text: e.text,
            citations: this.cite(e.sources, p, ['evidence', i, 'sources']),
            loc: this.loc(p, ['evidence', i]),
          })),
          consequences: (raw.consequences ?? []).map((c, i) => ({
            when: this.expr(c.when, p, ['consequences', i, 'when']),
            likelihood: c.likelihood,
            text: c.text,
            citations: this.cite(c.sources, p, ['consequences', i, 'sources']),
          })),
          citations: this.cite(raw.sources, p, ['sources']),
          loc: this.loc(p, ['id']),
        });
        return;
      }
      case 'actors':
        (raw.units ?? []).forEach((u, i) =>
          this.units.push({
            id: u.id,
            name: u.name,
            influence: u.influence,
            description: u.description,
            citations: this.cite(u.sources, p, ['units', i, 'sources']),
            loc: this.loc(p, ['units', i, 'id']),
          }),
        );
        raw.actors.forEach((a, i) => {
          const base: Path = ['actors', i];
          if (a.unit !== undefined) this.unitRefs.push({ unit: a.unit, p, path: [...base, 'unit'] });
          else if (a.influence === undefined) this.error(this.at(p, base), `actor '${a.id}' needs an \`influence\` (0..10), or a \`unit\` it is a voice of`);
          this.actors.push({
            id: a.id,
            name: a.name,
            group: a.group,
            unit: a.unit,
            influence: a.influence ?? 0,
            description: a.description,
            citations: this.cite(a.sources, p, [...base, 'sources']),
            loc: this.loc(p, [...base, 'id']),
            stances: (a.stances ?? []).map((s, j) => {
              const sp: Path = [...base, 'stances', j];
              this.stanceRefs.push({ scenario: s.scenario, p, path: [...sp, 'scenario'] });
              if (s.stance === 'conditional' && (s.when === undefined || !s.then || !s.otherwise) && s.when !== undefined)
                this.error(this.at(p, sp), 'a conditional stance with `when` needs both `then` and `otherwise`');
              if (s.stance !== 'conditional' && (s.when !== undefined || s.then || s.otherwise))
                this.error(this.at(p, sp), '`when`, `then` and `otherwise` belong to a conditional stance');
              return {
                scenario: s.scenario,
                stance: s.stance,
                when: s.when === undefined ? undefined : this.expr(s.when, p, [...sp, 'when']),
                then: s.then,
                otherwise: s.otherwise,
                citations: this.cite(s.sources, p, [...sp, 'sources']),
                loc: this.loc(p, sp),
              };
            }),
          });
        });
        return;
      case 'overrides':
        if (!this.overlay) {
          this.error(
            this.at(p, ['kind']),
            'overrides change what a layer below defines: put this file in an overlay folder (one with `extends:` in its model file, or given after another --model)',
          );
          return;
        }
        this.overrideFiles.push({ raw, p });
        return;
      case 'events':
        raw.events.forEach((e, i) => {
          const ev: ModelEvent = {
            id: e.id,
            date: e.date,
            dateBasis: e.date_basis,
            title: e.title,
            sets: {},
            citations: this.cite(e.sources, p, ['events', i, 'sources']),
            loc: this.loc(p, ['events', i, 'id']),
          };
          if (e.observes && e.sets) this.error(this.at(p, ['events', i, 'sets'], true), '`sets` and `observes` are the same thing; keep `observes`');
          const key = e.observes ? 'observes' : 'sets';
          this.eventSets.push({ e: ev, raw: e.observes ?? e.sets ?? {}, p, path: ['events', i, key] });
          this.events.push(ev);
        });
        return;
    }
  }

  /** An overlay's own model file: who it is, where its source texts are, what it extends; the rest belongs to the base. */
  private overlayModelFile(p: ParsedYaml, raw: Extract<RawFile, { kind: 'model' }>): void {
    if (this.overlayFile) {
      this.error(this.at(p, ['kind']), `a second \`kind: model\` file in this layer; the first is ${this.overlayFile.p.file}`);
      return;
    }
    this.overlayFile = { raw, p };
    const baseOnly = ['time', 'defaults', 'calibration', 'reliability_factors', 'basis_factors'] as const;
    for (const key of baseOnly)
      if (raw[key] !== undefined)
        this.error(
          this.at(p, [key], true),
          key === 'calibration'
            ? 'an overlay does not restate the calibration: change a target in a `kind: overrides` file (targets: - scenario: ID, probability: P)'
            : `\`${key}\` belongs to the base model; an overlay adds items and overrides priors, strengths, grades and targets by id`,
        );
  }

  /** The overrides this overlay made (after finish). */
  overrides: ModelOverride[] = [];

  finish(): Model {
    if (this.overlay) this.overrides = applyOverrides(this.overrideFiles, this.overrideHost());
    const uniq = <T extends { id: string; loc?: Loc | undefined }>(what: string, list: readonly T[]) => {
      const seen = new Map<string, T>();
      for (const x of list) {
        const prev = seen.get(x.id);
        const where = (l: Loc | undefined) => (l ? `${l.file}:${l.line}:${l.col}` : 'a layer below');
        if (prev && this.below.has(prev) && !this.below.has(x))
          this.error(
            x.loc ?? { file: this.folderName, line: 1, col: 1 },
            `${what} '${x.id}' is already defined in a layer below (${where(prev.loc)}); an overlay adds new ids, and changes a prior, strength, grade, target or soft constraint by id in a \`kind: overrides\` file`,
          );
        else if (prev) this.error(x.loc ?? { file: this.folderName, line: 1, col: 1 }, `duplicate ${what} id '${x.id}' (first defined at ${where(prev.loc)})`);
        else seen.set(x.id, x);
      }
    };
    uniq('source', this.sources);
    uniq('condition', this.conditions);
    uniq('constraint', this.constraints);
    uniq('scenario', this.scenarios);
    uniq('actor', this.actors);
    uniq('contradiction', this.contradictions);
    uniq('event', this.events);
    const numerals = new Map<string, Scenario>();
    for (const s of this.scenarios) {
      const where = s.loc ?? { file: this.folderName, line: 1, col: 1 };
      for (const name of [s.numeral, s.short]) {
        if (name === null || name === undefined) continue;
        const key = name.toUpperCase();
        const prev = numerals.get(key);
        if (prev) this.error(where, `duplicate name '${name}' (also scenario '${prev.id}'): numerals and short names name one scenario each`);
        numerals.set(key, s);
      }
      if (s.short && s.numeral) this.error(where, `scenario '${s.id}' has a numeral; a \`short\` name is for scenarios without one`);
    }
    if (this.scenarios.length === 0 && !this.incomplete.has('scenario'))
      this.error({ file: this.folderName, line: 1, col: 1 }, 'the model has no scenario (a file with `kind: scenario`)');

    const conditions = this.conditionMap;
    const sourceIds = new Map(this.sources.map((s) => [s.id, s]));
    for (const { c, p, path } of this.incomplete.has('sources') ? [] : this.citations) {
      const at = this.at(p, path);
      if (c.basis === 'background') {
        if (!c.note && !c.quote) this.error(at, 'a background citation needs a `note` saying what it rests on');
        if (c.source && !sourceIds.has(c.source))
          this.error(this.at(p, [...path, 'source']), `unknown source '${c.source}'${didYouMean(c.source, sourceIds.keys())}`);
        continue;
      }
      if (!c.source) this.error(at, `a ${c.basis} citation needs a \`source\``);
      else if (!sourceIds.has(c.source))
        this.error(this.at(p, [...path, 'source']), `unknown source '${c.source}'${didYouMean(c.source, sourceIds.keys())}`);
      if (!c.quote) this.error(at, `a ${c.basis} citation needs a \`quote\` that stands verbatim in its source`);
    }
    const scenarioIds = this.scenarios.map((s) => s.id);
    for (const r of this.incomplete.has('scenario') ? [] : this.stanceRefs) {
      if (!scenarioIds.includes(r.scenario))
        this.error(this.at(r.p, r.path), `unknown scenario '${r.scenario}'${didYouMean(r.scenario, scenarioIds)}`);
    }
    for (const { e, raw, p, path } of this.eventSets) {
      const sets: Record<string, Value> = {};
      for (const [k, v] of Object.entries(raw)) {
        const c = conditions.get(k);
        if (!c) {
          if (!this.incomplete.has('conditions'))
            this.error(this.at(p, [...path, k], true), `unknown condition '${k}'${didYouMean(k, conditions.keys())}`);
          continue;
        }
        const value = parseValue(c, String(v));
        if (value === undefined)
          this.error(this.at(p, [...path, k]), notAValue(c, String(v)));
        else sets[k] = value;
      }
      (e as { sets: Record<string, Value> }).sets = sets;
    }
    uniq('unit', this.units);
    const unitIds = this.units.map((u) => u.id);
    for (const r of this.unitRefs)
      if (!unitIds.includes(r.unit)) this.error(this.at(r.p, r.path), `unknown unit '${r.unit}'${didYouMean(r.unit, unitIds)}; units are listed under \`units:\` in the actors file`);
    for (const { side, raw, p, path } of this.sideRefs) {
      const sets: Record<string, Value> = {};
      for (const [k, v] of Object.entries(raw)) {
        const c = conditions.get(k);
        if (!c) {
          if (!this.incomplete.has('conditions'))
            this.error(this.at(p, [...path, 'sets', k], true), `unknown condition '${k}'${didYouMean(k, conditions.keys())}`);
          continue;
        }
        const value = parseValue(c, String(v));
        if (value === undefined) this.error(this.at(p, [...path, 'sets', k]), notAValue(c, String(v)));
        else sets[k] = value;
      }
      (side as { sets: Record<string, Value> }).sets = sets;
      for (const [k, v] of Object.entries(side.priors)) {
        const c = conditions.get(k);
        if (!c) {
          if (!this.incomplete.has('conditions'))
            this.error(this.at(p, [...path, 'priors', k], true), `unknown condition '${k}'${didYouMean(k, conditions.keys())}`);
        } else if ((c.values === null) !== (typeof v === 'number'))
          this.error(this.at(p, [...path, 'priors', k]), c.values === null ? `'${k}' is yes/no: give one probability` : `'${k}' has named values: give a probability per value`);
      }
      for (const k of Object.keys(side.targets))
        if (!this.scenarios.some((x) => x.id === k) && !this.incomplete.has('scenario'))
          this.error(this.at(p, [...path, 'targets', k], true), `unknown scenario '${k}'${didYouMean(k, this.scenarios.map((x) => x.id))}`);
    }
    this.checkNumbers();
    return {
      info: this.layerInfo(),
      sources: this.sources,
      conditions: this.conditions,
      constraints: this.constraints,
      scenarios: this.scenarios,
      actors: this.actors,
      ...(this.units.length ? { units: this.units } : {}),
      contradictions: this.contradictions,
      events: this.events,
    };
  }

  /** The model's info; for an overlay, the base's with this layer added to its list of layers. */
  private layerInfo(): ModelInfo {
    const info = this.info ?? { name: this.folderName, title: this.folderName };
    if (!this.overlay) return info;
    const { layer } = this.overlay;
    const own = this.overlayFile?.raw;
    const sources = this.sources.filter((x) => !this.below.has(x)).map((x) => x.id);
    return {
      ...info,
      layers: [
        ...(info.layers ?? []),
        {
          name: layer.name,
          ...(own?.title !== undefined ? { title: own.title } : {}),
          dir: layer.dir,
          sourcesDir: own?.sources_dir ?? layer.sourcesDir,
          sources,
          overrides: this.overrides,
          hash: layer.hash,
        },
      ],
    };
  }

  /** What applying overrides needs of the builder: the items, positions, citations and errors. */
  private overrideHost(): OverrideHost {
    return {
      at: (p, path, key) => this.at(p, path, key),
      loc: (p, path) => this.loc(p, path),
      error: (loc, message) => this.error(loc, message),
      cite: (list, p, path) => this.cite(list, p, path),
      below: (x) => this.below.has(x),
      conditions: this.conditions,
      scenarios: this.scenarios,
      sources: this.sources,
      constraints: this.constraints,
      replace: (list, from, to) => {
        const arr = this[list] as object[];
        const i = arr.indexOf(from);
        if (i >= 0) arr[i] = to;
        // Still from below: a later layer sees it as the lower layers' item.
        this.below.add(to);
        if (list === 'conditions') this.conditionMap.set((to as Condition).id, to as Condition);
      },
      info: () => this.info,
      setInfo: (info) => (this.info = info),
    };
  }

  /** The numeric and time fields: what the schema alone cannot check. */
  private checkNumbers(): void {
    for (const c of this.conditions) {
      const at = c.loc ?? { file: this.folderName, line: 1, col: 1 };
      if (c.values === null && c.prior !== undefined && typeof c.prior !== 'number')
        this.error(at, `'${c.id}' is a yes/no condition: its prior is one probability (of yes), e.g. prior: 0.3`);
      if (c.values !== null && c.prior !== undefined) {
        if (typeof c.prior === 'number') {
          this.error(at, `'${c.id}' has named values: its prior gives a probability per value, e.g. prior: { ${c.values[0]}: 0.5 }`);
        } else {
          for (const k of Object.keys(c.prior))
            if (!c.values.includes(k)) this.error(at, `'${c.id}' has no value '${k}' to give a prior${didYouMean(k, c.values)}`);
          const sum = Object.values(c.prior).reduce((a, b) => a + b, 0);
          const all = c.values.every((v) => (c.prior as Record<string, number>)[v] !== undefined);
          if (sum > 1 + 1e-9 || (all && Math.abs(sum - 1) > 1e-6) || (!all && sum >= 1 - 1e-9))
            this.error(at, `the prior of '${c.id}' sums to ${Math.round(sum * 1e6) / 1e6}; the values' probabilities must sum to 1 (values left out share what is left)`);
        }
      }
      if (c.kind === 'outcome' && c.values !== null) this.error(at, `'${c.id}' is an outcome (it happens or not): outcomes are yes/no, so drop \`values\` or make it a state`);
      if (c.hazard !== undefined && c.kind !== 'outcome') this.error(at, `'${c.id}': \`hazard\` is for outcomes (when it would happen); this is ${c.kind ? 'a state' : 'not marked kind: outcome'}`);
      if (c.halfLife !== undefined && c.kind === 'outcome') this.error(at, `'${c.id}': \`half_life\` is for states (how long an observation lasts); an outcome that happened stays happened`);
    }
    const mf = this.modelFile;
    if (!mf || !this.info) return;
    const { raw, p } = mf;
    const time = this.info.time;
    if (time) {
      for (const [k, v] of [['start', time.start], ['horizon', time.horizon]] as const)
        if (!isDate(v)) this.error(this.at(p, ['time', k]), `${k}: no such date '${v}'`);
      if (time.start >= time.horizon) this.error(this.at(p, ['time', 'horizon']), `the horizon (${time.horizon}) must come after the start (${time.start})`);
      time.endsWhen.forEach((id, i) => {
        const c = this.conditionMap.get(id);
        if (!c) {
          if (!this.incomplete.has('conditions'))
            this.error(this.at(p, ['time', 'ends_when', i]), `unknown condition '${id}'${didYouMean(id, this.conditionMap.keys())}`);
        } else if (c.kind !== 'outcome') this.error(this.at(p, ['time', 'ends_when', i]), `'${id}' must be an outcome (kind: outcome) to end the story`);
      });
    }
    const cal = this.info.calibration;
    if (cal) {
      if (!isDate(cal.asOf)) this.error(this.at(p, ['calibration', 'as_of']), `as_of: no such date '${cal.asOf}'`);
      const ids = this.scenarios.map((s) => s.id);
      const seen = new Set<string>();
      cal.targets.forEach((t, i) => {
        const at = this.at(p, ['calibration', 'targets', i, 'scenario']);
        if (!ids.includes(t.scenario) && !this.incomplete.has('scenario')) this.error(at, `unknown scenario '${t.scenario}'${didYouMean(t.scenario, ids)}`);
        if (seen.has(t.scenario)) this.error(at, `a second target for '${t.scenario}'`);
        seen.add(t.scenario);
        if (t.range && !(t.range[0] <= t.probability && t.probability <= t.range[1]))
          this.error(this.at(p, ['calibration', 'targets', i, 'range']), `the range [${t.range[0]}, ${t.range[1]}] must contain the probability ${t.probability}`);
      });
    }
    void raw;
  }

  private resolve(raw: RawExpr, p: ParsedYaml, path: Path): Expr | undefined {
    const conditions = this.conditionMap;
    if (typeof raw === 'string') {
      const m = EXPR_RE.exec(raw);
      const at = this.at(p, path);
      if (!m) {
        this.error(at, `cannot read expression '${raw}'; expected 'id', 'not id', 'id=value' or 'id!=value'`);
        return undefined;
      }
      const [, neg, id, op, valueText] = m;
      const c = conditions.get(id!);
      if (!c) {
        if (!this.incomplete.has('conditions')) this.error(at, `unknown condition '${id}'${didYouMean(id!, conditions.keys())}`);
        return undefined;
      }
      let value: Value;
      if (valueText === undefined) {
        if (c.values !== null) {
          this.error(at, `'${id}' takes a named value (${c.values.join(', ')}); write '${id}=${c.values[0]}'`);
          return undefined;
        }
        value = true;
      } else {
        const v = parseValue(c, valueText);
        if (v === undefined) {
          this.error(at, notAValue(c, valueText));
          return undefined;
        }
        value = v;
      }
      let e: Expr = { op: 'is', condition: id!, value };
      if (op === '!=') e = { op: 'not', arg: e };
      if (neg) e = { op: 'not', arg: e };
      return e;
    }
    if ('not' in raw) {
      const a = this.resolve(raw.not, p, [...path, 'not']);
      return a && { op: 'not', arg: a };
    }
    const op = 'all' in raw ? 'all' : 'any';
    const list = 'all' in raw ? raw.all : raw.any;
    const args = list.map((x, i) => this.resolve(x, p, [...path, op, i]));
    if (args.some((a) => a === undefined)) return undefined;
    return { op, args: args as Expr[] };
  }
}
