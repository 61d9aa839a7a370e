// `report`: one self-contained HTML page (the scenario table, each
// scenario's probability over the events as an inline SVG chart, the actors
// and the sources), escaped, loading nothing; checked as text in-process, and
// opened in headless Chromium where one is installed (CI installs it: .ci/run).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, loadDir, ROOT, runCli, runIn, runJsonIn, SHIPPED } from './helpers.js';
import { decodePng } from './png.js';

const tmp = mkdtempSync(join(tmpdir(), 'iraq-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const EXAMPLE = join(ROOT, 'examples', 'varna-dam');

/** Chromium, if installed: IRAQ_SCENARIOS_CHROMIUM, else the usual names on PATH. */
function findChromium(): string | undefined {
  const given = process.env.IRAQ_SCENARIOS_CHROMIUM;
  if (given) return existsSync(given) ? given : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter))
    for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) if (dir && existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}
const CHROMIUM = findChromium();

/** A copy of the harbour story whose texts try to break out of the HTML. */
function hostileModel(): string {
  const dir = join(tmp, 'hostile');
  cpSync(join(FIXTURES, 'harbour-story'), dir, { recursive: true });
  const edit = (file: string, from: string, to: string) => {
    const p = join(dir, file);
    const text = readFileSync(p, 'utf8');
    if (!text.includes(from)) throw new Error(`${file}: no ${from}`);
    writeFileSync(p, text.replace(from, to));
  };
  edit('model.yaml', 'title: Harbour disruption with a dated story (test fixture)', `title: "<script>alert('x')</script> & <b>bold</b>"`);
  edit('a_business.yaml', 'title: Business as usual', `title: "</td><img src=x onerror=alert(1)> \\"quoted\\" \\u0007bell"`);
  edit('actors.yaml', "name: Dockworkers' union", 'name: "<style>body{display:none}</style>union"');
  return dir;
}

describe('report --format html', () => {
  it('is one page with no script, no external file and no request: the scenarios, a chart per scenario, the actors, the sources', async () => {
    const r = await runIn(['report', '--model', EXAMPLE, '-q']);
    expect(r.code, r.stderr).toBe(0);
    const html = r.stdout;
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    // Nothing to run, nothing to fetch: no script, no link, no src, no url(), no @import.
    expect(html).not.toMatch(/<script|<link|<iframe|<object|<embed|\ssrc=|url\(|@import/i);
    // The only address is the SVG namespace (a name, never fetched).
    expect([...html.matchAll(/https?:\/\/[^\s"']+/g)].map((m) => m[0])).toEqual(Array(5).fill('http://www.w3.org/2000/svg'));
    const model = loadDir(EXAMPLE);
    expect(html.match(/<svg class="chart"/g)).toHaveLength(model.scenarios.length);
    for (const s of model.scenarios) expect(html).toContain(`<tr id="scenario-${s.id}">`);
    for (const a of model.actors) expect(html).toContain(a.name.replace(/'/g, '&#39;'));
    for (const src of model.sources) expect(html).toContain(`<tr id="source-${src.id}">`);
    for (const e of model.events) expect(html).toContain(e.title.replace(/'/g, '&#39;'));
    expect(html).toMatch(/<h2 id="over-time">Probability over time<\/h2>/);
    expect(html).toMatch(/<h2 id="actors">Actors<\/h2>/);
    expect(html).toMatch(/<h2 id="sources">Sources<\/h2>/);
  });

  it('draws each chart from the timeline: one point per step, the pause falling to 0 once the filling begins', async () => {
    const html = (await runIn(['report', '--model', EXAMPLE, '-q'])).stdout;
    const pause = /<figcaption>pause: [^<]*<\/figcaption><svg class="chart"[^>]*>(.*?)<\/svg>/s.exec(html)![1]!;
    const points = [...pause.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="3.5" fill="([^"]+)"><title>([^<]*)<\/title>/g)];
    // start + the five events up to today (2026-12-01).
    expect(points).toHaveLength(6);
    expect(points[2]![4]).toMatch(/^#2 2026-05-20: Ostria begins filling the reservoir — ruled-out 0\.0%$/);
    expect(points[1]![4]).toMatch(/— open \d+\.\d%$/);
    // Ruled out sits on the 0% line (y = top + plot height), in the ruled-out colour.
    expect(Number(points[2]![2])).toBe(10 + 180 - 10 - 34);
    expect(points[2]![3]).toBe('#990000');
    const { json } = await runJsonIn(['report', '--model', EXAMPLE]);
    const series = json.series.find((s: { scenario: string }) => s.scenario === 'pause');
    expect(series.points.map((p: { status: string }) => p.status)).toEqual(['open', 'open', 'ruled-out', 'ruled-out', 'ruled-out', 'ruled-out']);
  });

  it('escapes every text from the model', async () => {
    const r = await runIn(['report', '--model', hostileModel(), '-q']);
    expect(r.code, r.stderr).toBe(0);
    const html = r.stdout;
    expect(html).not.toMatch(/<script|<img|<b>bold|<style>body/);
    expect(html).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(html).toContain('&lt;/td&gt;&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; \\x07bell');
    expect(html).toContain('&lt;style&gt;body{display:none}&lt;/style&gt;union');
    expect(html).not.toContain('\u0007');
  });

  it('--output writes the file atomically; an unwritable one is exit 73 and leaves nothing', () => {
    const out = join(tmp, 'shipped.html');
    const r = runCli(['report', '-q', '--output', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/);
    const bad = join(tmp, 'no-such-dir', 'r.html');
    const f = runCli(['report', '-q', '--output', bad]);
    expect(f.code).toBe(73);
    expect(f.stderr).toMatch(/no-such-dir\/r\.html: cannot write the file \(ENOENT\)/);
    expect(existsSync(join(tmp, 'no-such-dir'))).toBe(false);
    expect(readdirSync(tmp).filter((n) => n.includes('.tmp') || n.startsWith('r.html'))).toEqual([]);
  });

  it('--output replaces an earlier report but nothing else; - is stdout', async () => {
    const out = join(tmp, 'again.html');
    expect((await runIn(['report', '-q', '-o', out])).code).toBe(0);
    expect((await runIn(['report', '-q', '-o', out, '--as-of', 'start'])).code).toBe(0);
    const json = join(tmp, 'again.json');
    expect((await runIn(['report', '-q', '--json', '-o', json])).code).toBe(0);
    expect((await runIn(['report', '-q', '--json', '-o', json])).code).toBe(0);
    const model = join(tmp, 'conditions.yaml');
    writeFileSync(model, 'kind: conditions\nconditions: []\n');
    const r = await runIn(['report', '-q', '-o', model]);
    expect(r.code).toBe(73);
    expect(r.stderr).toContain('the file exists and is not a report this tool wrote; remove it first or name another file');
    expect(readFileSync(model, 'utf8')).toBe('kind: conditions\nconditions: []\n');
    const dash = await runIn(['report', '-q', '-o', '-']);
    expect(dash.stdout).toMatch(/^<!doctype html>/);
  });

  it('refuses a format it does not have', async () => {
    const r = await runIn(['report', '--format', 'table']);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/--format table: expected html or json/);
  });

  it.skipIf(!CHROMIUM)(
    `opens in headless Chromium: a screenshot that is not blank, with the charts drawn${CHROMIUM ? '' : ' (skipped: no Chromium on PATH; apt-get install chromium, or set IRAQ_SCENARIOS_CHROMIUM)'}`,
    async () => {
      const file = join(tmp, 'shipped-report.html');
      const r = await runIn(['report', '-q', '--output', file]);
      expect(r.code, r.stderr).toBe(0);
      const png = join(tmp, 'shot.png');
      const flags = [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--no-first-run',
        '--hide-scrollbars',
        // Offline: no name resolves, so nothing could be fetched even if the page asked.
        '--host-resolver-rules=MAP * ~NOTFOUND',
        `--user-data-dir=${join(tmp, 'profile')}`,
        '--window-size=1280,3200',
      ];
      // One start for both the screenshot and the DOM (Chromium's headless mode does both in one run);
      // where a Chromium does only one of them per run, a second start for the DOM.
      const chromium = (mode: string[]) =>
        spawnSync(CHROMIUM!, [...flags, ...mode, pathToFileURL(file).href], { encoding: 'utf8', timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
      const shot = chromium([`--screenshot=${png}`, '--dump-dom']);
      expect(existsSync(png), shot.stderr).toBe(true);
      const img = decodePng(readFileSync(png));
      expect([img.width, img.height]).toEqual([1280, 3200]);
      let inked = 0;
      let line = 0;
      for (let i = 0; i < img.rgba.length; i += 4) {
        const [r0, g0, b0] = [img.rgba[i]!, img.rgba[i + 1]!, img.rgba[i + 2]!];
        if (r0 < 235 || g0 < 235 || b0 < 235) inked++;
        // The charts' line colour (#1f5fa8), anti-aliasing allowed for.
        if (Math.abs(r0 - 0x1f) < 40 && Math.abs(g0 - 0x5f) < 40 && Math.abs(b0 - 0xa8) < 40) line++;
      }
      // Not blank: text, tables and charts cover a good share of the page.
      expect(inked / (img.width * img.height)).toBeGreaterThan(0.03);
      // The charts drew: thousands of pixels in their lines' colour (nothing else on the page has it).
      expect(line).toBeGreaterThan(2000);
      // The DOM as Chromium built it has every chart's SVG.
      const dom = /<svg/.test(shot.stdout) ? shot : chromium(['--dump-dom']);
      expect(dom.stdout.match(/<svg class="chart"/g)).toHaveLength(loadDir(SHIPPED).scenarios.length);
      expect(dom.stdout).toMatch(/<path class="line" d="M/);
    },
    180_000,
  );
});
