// Every command's Markdown (--format markdown) read back by a Markdown
// parser (marked's lexer): the headings, lists and tables it meant, each
// table with its head and one row per item, the cells holding what the JSON
// of the same command holds (a pipe or line break in a cell would split or
// end its row). In-process, through the built command.
import { marked } from 'marked';
import type { Token, Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { runIn, runJsonIn } from './helpers.js';

const STORY = ['--model', 'tests/fixtures/harbour-story'];
/** The story before any event (by default commands are asked today, when every event has happened). */
const STORY0 = [...STORY, '--as-of', 'start'];

interface Table {
  header: string[];
  rows: string[][];
}

/** The command's Markdown, lexed; fails if the command does. */
async function markdown(args: string[]): Promise<{ text: string; tokens: Token[] }> {
  const r = await runIn([...args, '--format', 'markdown']);
  expect(r.code, r.stderr).toBe(0);
  return { text: r.stdout, tokens: marked.lexer(r.stdout) };
}

const tables = (tokens: Token[]): Table[] =>
  tokens.filter((t): t is Tokens.Table => t.type === 'table').map((t) => ({ header: t.header.map((c) => c.text), rows: t.rows.map((r) => r.map((c) => c.text)) }));
const headings = (tokens: Token[]) => tokens.filter((t): t is Tokens.Heading => t.type === 'heading').map((t) => [t.depth, t.text] as const);
const paragraphs = (tokens: Token[]) => tokens.filter((t): t is Tokens.Paragraph => t.type === 'paragraph').map((t) => t.text);
const column = (t: Table, i: number) => t.rows.map((r) => r[i]);

/** Structure every Markdown output has: no line that was meant as a table row left as text. */
function wellFormed(tokens: Token[]) {
  for (const p of paragraphs(tokens)) expect(p.split('\n').filter((l) => l.startsWith('|')), p).toEqual([]);
  for (const t of tables(tokens)) for (const r of t.rows) expect(r).toHaveLength(t.header.length);
}

const percent = (p: number) => `${(p * 100).toFixed(1)}%`;

describe('Markdown, parsed', () => {
  it('query: the title, then one row per scenario with its status, probability and labels', async () => {
    const args = ['query', '--set', 'iran_regime_collapse=true'];
    const { tokens } = await markdown(args);
    const { json } = await runJsonIn(args);
    wellFormed(tokens);
    expect(headings(tokens)).toEqual([[1, json.model.title]]);
    const [t] = tables(tokens);
    expect(t!.header).toEqual(['#', 'Scenario', 'Status', 'Prob.', 'Likelihood', 'Deciding reason']);
    expect(t!.rows.map((r) => r.slice(0, 5))).toEqual(
      json.scenarios.map((s: any) => [s.numeral ?? s.short ?? '–', s.title, s.status, s.status === 'ruled-out' ? '0%' : percent(s.probability), s.labels.join('; ')]),
    );
    const question = paragraphs(tokens).find((x) => x.includes('**Settings:**'))!;
    expect(question.split('\n').map((x) => x.trimEnd())).toEqual([
      expect.stringMatching(/^\*\*As of 2026-12-01:\*\* \d+ observations from the model's events/),
      '**Settings:** iran_regime_collapse=true',
      `**No scenario holds:** ${percent(json.residual.probability)} (what the model leaves uncovered)`,
    ]);
  });

  it('explain and show: a heading, then lists', async () => {
    for (const args of [['explain', 'II', '--set', 'iran_regime_collapse=true'], ['show', 'II'], ['explain', 'A', ...STORY]]) {
      const { tokens } = await markdown(args);
      wellFormed(tokens);
      const [h] = headings(tokens);
      expect(h![0], args.join(' ')).toBe(2);
      expect(tokens.some((t) => t.type === 'list'), args.join(' ')).toBe(true);
    }
    const { tokens } = await markdown(['explain', 'II', '--set', 'iran_regime_collapse=true']);
    expect(headings(tokens)[0]![1]).toMatch(/^Possibility II: A Washington-aligned government/);
    const shown = (await markdown(['show', 'II'])).tokens;
    expect(headings(shown).slice(1)).toEqual(['Requires (all)', 'Triggered by (any)', 'Ruled out by (any)', 'Consequences', 'Stances'].map((t) => [3, t]));
    const withEvidence = (await markdown(['show', 'B', ...STORY])).tokens;
    expect(headings(withEvidence).map((h) => h[1])).toContain('Evidence');
  });

  it.each(['scenarios', 'conditions', 'actors', 'constraints', 'sources', 'contradictions', 'events'])('list %s: one table row per item', async (what) => {
    const { tokens } = await markdown(['list', what]);
    const { json } = await runJsonIn(['list', what]);
    wellFormed(tokens);
    const [t] = tables(tokens);
    expect(t!.rows).toHaveLength(json[what].length);
    const idColumn = what === 'scenarios' || what === 'events' ? 1 : 0;
    expect(column(t!, idColumn)).toEqual(json[what].map((x: { id: string }) => x.id));
  });

  it('validate: its report, a summary then a list of what it found, each with its file:line:col', async () => {
    const { tokens, text } = await markdown(['validate', 'tests/fixtures/harbour']);
    wellFormed(tokens);
    expect(paragraphs(tokens).join('\n')).toMatch(/^\*\*valid:\*\* tests\/fixtures\/harbour/m);
    expect(text).toMatch(/^- warning `tests\/fixtures\/harbour\/[a-z_]+\.yaml:\d+:\d+`: /m);
  });

  it('timeline: one row per step, a column per scenario', async () => {
    const { tokens } = await markdown(['timeline', ...STORY]);
    const { json } = await runJsonIn(['timeline', ...STORY]);
    wellFormed(tokens);
    const [t] = tables(tokens);
    expect(t!.header).toEqual(['#', 'Date', 'Event', 'Observes', 'A', 'B', 'C']);
    expect(column(t!, 0)).toEqual(json.steps.map((s: { index: number }) => String(s.index)));
    expect(t!.rows[2]).toEqual(['2', '2026-03-02 (inferred)', 'The union votes to strike', '`union_strike=true`', 'ruled-out', 'open 80.0%', 'ruled-out']);
  });

  it('actors: the stance matrix and the backing table, every footnote defined', async () => {
    const { tokens, text } = await markdown(['actors', ...STORY]);
    wellFormed(tokens);
    const [matrix, backing] = tables(tokens);
    expect(matrix!.header).toEqual(['Actor', 'Influence', 'A', 'B', 'C']);
    expect(matrix!.rows).toHaveLength(3);
    expect(backing!.header).toEqual(['#', 'Status', 'Backed by', 'Blocked by', 'Balance']);
    const used = new Set([...text.matchAll(/\[\^(\d+)\](?!:)/g)].map((m) => m[1]));
    const defined = new Set(paragraphs(tokens).flatMap((p) => [...p.matchAll(/^\[\^(\d+)\]: /gm)].map((m) => m[1])));
    expect(used.size).toBeGreaterThan(0);
    expect(defined).toEqual(used);
  });

  it('diff: a row per scenario, then the settings that differ as a list', async () => {
    const { tokens } = await markdown(['diff', ...STORY0, '--to-set', 'weather=hurricane']);
    wellFormed(tokens);
    const [t] = tables(tokens);
    expect(t!.header).toEqual(['#', 'Scenario', 'From', 'To', 'Δ pts']);
    // engine.test.ts: A 20/37, B 27/37, C 14/37 before; in a hurricane A none, B every world, C 1/3.
    expect(t!.rows.map((r) => [r[0], r[2], r[3], r[4]])).toEqual([
      ['A *', 'open 54.1%', 'ruled-out', '−54.1'],
      ['B *', 'open 73.0%', 'certain 100.0%', '+27.0'],
      ['C', 'open 37.8%', 'open 33.3%', '−4.5'],
    ]);
    const lists = tokens.filter((x): x is Tokens.List => x.type === 'list').map((l) => l.items.map((i) => i.text));
    expect(lists).toEqual([['`weather`: unknown → hurricane (set)'], ['`port_closed`: unknown → true (derived)', '`ships_diverted`: unknown → true (derived)']]);
  });

  it('whatif: a row per value of each condition shown, its effects kept in the cell', async () => {
    const { tokens } = await markdown(['whatif', '--top', '3']);
    const { json } = await runJsonIn(['whatif', '--top', '3']);
    wellFormed(tokens);
    const [t] = tables(tokens);
    expect(t!.header).toEqual(['#', 'If', 'P', 'Effect', 'Probabilities after']);
    const values = json.conditions.flatMap((c: { condition: string; outcomes: { value: unknown }[] }) => c.outcomes.map((o) => `\`${c.condition} = ${String(o.value)}\``));
    expect(column(t!, 1)).toEqual(values);
  });

  it('watch: the ranking, then the signposts per scenario still possible', async () => {
    const { tokens } = await markdown(['watch', '--top', '3']);
    const { json } = await runJsonIn(['watch', '--top', '3']);
    wellFormed(tokens);
    const [ranking, signposts] = tables(tokens);
    expect(ranking!.header).toEqual(['#', 'Watch', 'Information', 'Values: P → uncertainty after']);
    expect(ranking!.rows).toHaveLength(3);
    expect(signposts!.header).toEqual(['Scenario', 'Now', 'Signposts: value → probability']);
    expect(signposts!.rows).toHaveLength(json.signposts.length);
  });

  it('revive: the sets of changes, a row per way of changing them', async () => {
    const args = ['revive', 'I', '--set', 'iran_regime_collapse=true'];
    const { tokens } = await markdown(args);
    const { json } = await runJsonIn(args);
    wellFormed(tokens);
    const [t] = tables(tokens);
    expect(t!.header).toEqual(['#', 'Changes', 'Revived as', 'Also changes']);
    expect(t!.rows).toHaveLength(json.sets.reduce((n: number, s: { options: unknown[] }) => n + s.options.length, 0));
  });

  it('explore: the counts, the pairs and the gaps', async () => {
    const { tokens } = await markdown(['explore']);
    const { json } = await runJsonIn(['explore']);
    wellFormed(tokens);
    expect(headings(tokens).map(([d, t]) => `${d} ${t}`)).toEqual([`1 Worlds of ${json.model.title}`, '2 Together', '2 Gaps']);
    const [counts, pairs] = tables(tokens);
    expect(counts!.header).toEqual(['#', 'Scenario', 'Holds in', 'Share', 'Probability']);
    expect(counts!.rows).toHaveLength(json.scenarios.length);
    // The Markdown's probabilities are the JSON's, rounded to the shown precision.
    const shown = (x: number) => `${(x * 100).toFixed(1)}%`;
    const probs = json.probabilities.scenarios.map((x: { probability: number }) => (x.probability === 0 ? '0%' : shown(x.probability)));
    expect(counts!.rows.map((r) => r[4])).toEqual(probs);
    expect(pairs!.header).toEqual(['Pair', 'Worlds', 'Probability']);
    expect(pairs!.rows).toHaveLength(json.pairs.length);
  });
});
