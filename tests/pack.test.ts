// The published package: `npm pack` makes a tarball that installs into an
// empty folder without the network (it has no runtime dependencies: every
// library is bundled into dist/), whose command runs, and that holds only
// what the command needs. Runs against the built dist/ (npm test builds
// first).
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';
import { installedPackage } from './package.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; dependencies?: object };

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...env },
  });
  if (r.error) throw r.error;
  return r;
}

// The package is packed and installed once (tests/package.ts), shared with tests/docs.test.ts.
describe('the npm package', () => {
  it('holds the command, the bundle, the model and its schema, and nothing from development', () => {
    // What `npm pack --json` says the tarball holds.
    const paths = installedPackage().files;
    const allowed = /^(bin\/|dist\/|examples\/|scenarios\/|schema\/|docs\/|man\/|README\.md$|package\.json$|LICEN[CS]E)/;
    expect(paths.filter((p) => !allowed.test(p))).toEqual([]);
    expect(paths.filter((p) => /^(src|tests|bench|node_modules|coverage)\//.test(p))).toEqual([]);
    for (const needed of ['bin/iraq-scenarios.js', 'dist/launch.cjs', 'dist/cli.cjs', 'dist/model.json', 'schema/model.schema.json', 'README.md', 'package.json'])
      expect(paths).toContain(needed);
    expect(paths.some((p) => p.startsWith('scenarios/') && p.endsWith('.yaml'))).toBe(true);
    // The example model of another crisis, with the texts its quotes are checked against.
    expect(paths).toContain('examples/varna-dam/model.yaml');
    expect(paths).toContain('examples/varna-dam/sources/council-briefing.txt');
    // Everything is bundled: an install pulls nothing else in.
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  it('installs offline into an empty folder and its command runs', () => {
    // installedPackage throws with npm's stderr if the install fails (offline, a private cache).
    const { app, binDir } = installedPackage();
    expect(readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual([pkg.name]);
    const bin = join(binDir, 'iraq-scenarios');
    const version = run(bin, ['--version'], app);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);

    const q = run(bin, ['query', '--json'], app, { IRAQ_SCENARIOS_NO_CACHE: '1' });
    expect(q.status, q.stderr).toBe(0);
    const json = JSON.parse(q.stdout) as { schemaVersion: number; scenarios: unknown[] };
    expect(json.schemaVersion).toBeTypeOf('number');
    expect(json.scenarios.length).toBeGreaterThan(0);

    // A user's model folder is loaded from YAML, which is bundled too.
    const m = run(bin, ['query', '--json', '--model', join(ROOT, 'tests', 'fixtures', 'harbour')], app, { IRAQ_SCENARIOS_NO_CACHE: '1' });
    expect(m.status, m.stderr).toBe(0);

    // The shipped example loads from the installed package, and every quote in it stands in its own sources:
    // by its path, and as `examples/varna-dam` where the working folder has no such folder.
    const example = join(app, 'node_modules', pkg.name, 'examples', 'varna-dam');
    for (const dir of [example, 'examples/varna-dam']) {
      const v = run(bin, ['validate', dir, '--json'], app, { IRAQ_SCENARIOS_NO_CACHE: '1' });
      expect(v.status, v.stderr).toBe(0);
      expect(JSON.parse(v.stdout)).toMatchObject({ ok: true, warnings: 0, uncheckedSources: [] });
      const e = run(bin, ['report', '--json', '--model', dir], app, { IRAQ_SCENARIOS_NO_CACHE: '1' });
      expect(e.status, e.stderr).toBe(0);
      expect(JSON.parse(e.stdout).model.name).toBe('varna-dam');
    }
  });
});
