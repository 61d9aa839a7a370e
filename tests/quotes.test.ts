// Every quoted phrase in scenarios/ stands verbatim in its cited seed, read from
// ../shared/seeds (or IRAQ_SCENARIOS_SOURCES). The texts live outside the
// repository: in a clone without them the quote checks skip, saying so once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCitations } from '../src/model/check.js';
import { HAVE_SEEDS, loadDir, SEEDS, SHIPPED } from './helpers.js';

if (!HAVE_SEEDS)
  process.stderr.write(`quotes.test.ts: source texts not found at ${SEEDS}; the verbatim-quote checks are skipped (set IRAQ_SCENARIOS_SOURCES to run them)\n`);

describe.skipIf(!HAVE_SEEDS)('the shipped model cites its seeds verbatim (needs the source texts)', () => {
  const model = loadDir(SHIPPED);
  const seeds = new Map(HAVE_SEEDS ? model.sources.map((s) => [s.id, readFileSync(join(SEEDS, s.file), 'utf8')]) : []);
  const citations = [...allCitations(model)];

  it('has many citations, each with a known source and a basis', () => {
    expect(citations.length).toBeGreaterThan(100);
    for (const c of citations) {
      expect(['stated', 'reported', 'inferred', 'background']).toContain(c.basis);
      if (c.basis !== 'background') expect(seeds.has(c.source), `${c.loc?.file}:${c.loc?.line}`).toBe(true);
    }
  });

  it('every quote stands verbatim in its seed (white space folded)', () => {
    const fold = (s: string) => s.replace(/\s+/g, ' ');
    const missing = citations
      .filter((c) => c.quote && !fold(seeds.get(c.source) ?? '').includes(fold(c.quote)))
      .map((c) => `${c.loc?.file}:${c.loc?.line}: "${c.quote}" not in ${c.source}`);
    expect(missing).toEqual([]);
  });

  it('quotes are short phrases, not whole passages', () => {
    const long = citations.filter((c) => c.quote.length > 300).map((c) => `${c.loc?.file}:${c.loc?.line}`);
    expect(long).toEqual([]);
  });
});

describe('the shipped model grades its sources', () => {
  const model = loadDir(SHIPPED);

  it('grades every seed and flags the partisan ones', () => {
    const byFile = new Map(model.sources.map((s) => [s.file, s]));
    expect(byFile.get('000_d7fedf077239e95a.txt')?.reliability).toBe('low');
    expect(byFile.get('002_4f2a10cac797ebce.txt')?.partisan).toBe(true);
    expect(byFile.get('001_d8e81ed2aefa18cf.txt')?.reliability).toBe('high');
  });

  it('records the contradictions between seeds rather than picking silently', () => {
    const ids = model.contradictions.map((c) => c.id).join(' ');
    expect(model.contradictions.length).toBeGreaterThanOrEqual(5);
    expect(ids).toMatch(/sudani/);
    for (const c of model.contradictions) expect(c.claims.length, c.id).toBeGreaterThanOrEqual(1);
  });
});
