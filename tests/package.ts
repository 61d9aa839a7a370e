// The package as a user gets it: `npm pack` of the built tree, installed
// offline into an empty folder. Made once per test worker and shared by the
// tests that need it (tests/pack.test.ts checks the package itself,
// tests/docs.test.ts runs the documentation against it): a pack and an
// install cost seconds, and the same tree gives the same package. Made in
// the run's shared folder (tests/global-setup.ts), which is removed at its end.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { ROOT } from './helpers.js';

export const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export interface Installed {
  /** The folder holding everything below (removed at the end of the run). */
  dir: string;
  /** The tarball `npm pack` made. */
  tgz: string;
  /** Every path in it, as `npm pack --json` lists them. */
  files: string[];
  /** The folder the tarball was installed into (an empty one before). */
  app: string;
  /** node_modules/.bin of `app`: the installed command. */
  binDir: string;
  /** The environment npm ran with: no audit, fund or update notes, a private cache. */
  env: NodeJS.ProcessEnv;
}

let made: Installed | undefined;

/** The packed and installed package (made on first use; throws, with npm's stderr, if pack or install fails). */
export function installedPackage(): Installed {
  if (made) return made;
  const dir = mkdtempSync(join(inject('suiteTemp'), 'package-'));
  // A private npm cache: nothing is fetched, and the user's cache is left alone.
  const env = { ...process.env, NO_COLOR: '1', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', npm_config_cache: join(dir, 'npm-cache') };
  const pack = spawnSync(npm, ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', env, timeout: 60_000 });
  if (pack.error) throw pack.error;
  if (pack.status !== 0) throw new Error(`npm pack: exit ${pack.status}\n${pack.stderr}`);
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  const tgz = join(dir, info!.filename);
  const app = join(dir, 'app');
  mkdirSync(app);
  const inst = spawnSync(npm, ['install', '--offline', '--no-package-lock', '--ignore-scripts', tgz], { cwd: app, encoding: 'utf8', env, timeout: 60_000 });
  if (inst.error) throw inst.error;
  if (inst.status !== 0) throw new Error(`npm install: exit ${inst.status}\n${inst.stderr}`);
  made = { dir, tgz, files: info!.files.map((f) => f.path), app, binDir: join(app, 'node_modules', '.bin'), env };
  return made;
}
