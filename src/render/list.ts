import { formatConstraint } from '../engine/expr.js';
import type { Model } from '../engine/types.js';
import { citationJson, SCHEMA_VERSION } from './kit/json.js';
import type { Renderers } from './kit/options.js';
import { fitTable, recordsText } from './kit/table.js';
import type { ColumnKind } from './kit/table.js';
import { mdCell, shortenedNote } from './kit/text.js';
import { fitLines } from './kit/wrap.js';

/** What `list` can list. */
export const LISTS = ['scenarios', 'conditions', 'actors', 'constraints', 'sources', 'contradictions', 'events'] as const;
export type ListKind = (typeof LISTS)[number];

export interface ListData {
  model: Model;
  what: ListKind;
}

type Row = Record<string, unknown>;

/** A cell's text: scalars as they are, nothing as empty, anything else as JSON. */
function str(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

/** The rows of a list (its JSON), its table head and each row's cells. */
function rows(model: Model, what: ListKind): { head: string[]; kinds: ColumnKind[]; rows: Row[]; cells: (r: Row) => string[] } {
  switch (what) {
    case 'scenarios':
      return {
        head: ['#', 'id', 'title', 'prior', 'likelihood (source)'],
        kinds: ['id', 'id', 'text', 'id', 'text'],
        rows: model.scenarios.map((s) => ({ id: s.id, numeral: s.numeral, title: s.title, prior: s.prior, labels: s.labels.map((l) => l.label) })),
        cells: (r) => [str(r.numeral ?? '–'), str(r.id), str(r.title), str(r.prior), (r.labels as string[]).join('; ')],
      };
    case 'conditions':
      return {
        head: ['id', 'values', 'question'],
        kinds: ['id', 'id', 'text'],
        rows: model.conditions.map((c) => ({ id: c.id, values: c.values ?? [true, false], question: c.question })),
        cells: (r) => [str(r.id), (r.values as unknown[]).map(String).join(', '), str(r.question)],
      };
    case 'actors':
      return {
        head: ['id', 'name', 'group', 'influence'],
        kinds: ['id', 'text', 'id', 'id'],
        rows: model.actors.map((a) => ({ id: a.id, name: a.name, group: a.group ?? null, influence: a.influence })),
        cells: (r) => [str(r.id), str(r.name), str(r.group ?? ''), str(r.influence)],
      };
    case 'constraints':
      return {
        head: ['id', 'rule', 'description'],
        kinds: ['id', 'text', 'prose'],
        rows: model.constraints.map((k) => ({ id: k.id, kind: k.kind, rule: formatConstraint(k), description: k.description ?? '', sources: k.citations.map(citationJson) })),
        cells: (r) => [str(r.id), str(r.rule), str(r.description)],
      };
    case 'sources':
      return {
        head: ['id', 'title', 'date', 'reliability'],
        kinds: ['id', 'text', 'text', 'id'],
        rows: model.sources.map((s) => ({ id: s.id, title: s.title, date: s.date ?? null, reliability: s.reliability, partisan: s.partisan, note: s.note ?? '' })),
        cells: (r) => [str(r.id), str(r.title), str(r.date ?? ''), `${str(r.reliability)}${r.partisan ? ', partisan' : ''}`],
      };
    case 'contradictions':
      return {
        head: ['id', 'topic', 'handling'],
        kinds: ['id', 'text', 'prose'],
        rows: model.contradictions.map((c) => ({ id: c.id, topic: c.topic, handling: c.handling, claims: c.claims.map(citationJson) })),
        cells: (r) => [str(r.id), str(r.topic), str(r.handling)],
      };
    case 'events':
      return {
        head: ['date', 'id', 'title', 'sets'],
        kinds: ['text', 'id', 'text', 'id'],
        rows: model.events.map((e) => ({ id: e.id, date: e.date, dateBasis: e.dateBasis, title: e.title, sets: e.sets })),
        cells: (r) => [
          `${str(r.date)}${r.dateBasis === 'stated' ? '' : ` (${str(r.dateBasis)})`}`,
          str(r.id),
          str(r.title),
          Object.entries(r.sets as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`).join(', '),
        ],
      };
  }
}

export const listRenderers: Renderers<ListData> = {
  table: ({ model, what }, style) => {
    const r = rows(model, what);
    const cells = r.rows.map((row) => r.cells(row));
    const columns = r.head.map((head, i) => ({ head, kind: r.kinds[i]! }));
    // Scenarios: when the numeral and the id do not fit side by side, the numeral goes above the id.
    const merged = what === 'scenarios' ? cells.map(([num, ...rest]) => [num === '–' ? rest[0]! : `${num}\n${rest[0]!}`, ...rest.slice(1)]) : null;
    const t = fitTable(style, columns, cells) ?? (merged && fitTable(style, [{ head: '# id', kind: 'id' }, ...columns.slice(2)], merged));
    if (!t) return recordsText(columns, cells, style.width, style.chalk.bold);
    return t.text + '\n' + (t.shortened ? fitLines(shortenedNote(style), style.width) + '\n' : '');
  },
  json: ({ model, what }) => ({ schemaVersion: SCHEMA_VERSION, [what]: rows(model, what).rows }),
  markdown: ({ model, what }) => {
    const r = rows(model, what);
    const lines = [`| ${r.head.join(' | ')} |`, `|${r.head.map(() => '---').join('|')}|`];
    for (const row of r.rows) lines.push(`| ${r.cells(row).map(mdCell).join(' | ')} |`);
    return lines.join('\n') + '\n';
  },
};
