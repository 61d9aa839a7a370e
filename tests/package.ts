// The package as a user gets it: `npm pack` of the built tree, installed
// offline into an empty folder. Made once per run and shared by the tests
// that need it (tests/pack.test.ts checks the package itself,
// tests/docs.test.ts runs the documentation against it): a pack and an
// install cost seconds, and the same tree gives the same package. Made in
// the run's shared folder (tests/global-setup.ts), which is removed at its end.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/** Blocks this thread for `ms` (a worker waiting for another to finish the package). */
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * The packed and installed package: made on first use by one test worker,
 * in the run's shared folder, and read from there by the others (a worker
 * that finds it being made waits for it). Throws, with npm's stderr, if pack
 * or install fails.
 */
export function installedPackage(): Installed {
  if (made) return made;
  const dir = join(inject('suiteTemp'), 'package');
  const done = join(dir, 'installed.json');
  let maker = false;
  try {
    mkdirSync(dir);
    maker = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  if (maker) {
    try {
      made = pack(dir);
      writeFileSync(done, JSON.stringify(made));
    } catch (e) {
      writeFileSync(join(dir, 'failed'), String((e as Error).message));
      throw e;
    }
    return made;
  }
  const until = Date.now() + 120_000;
  while (!existsSync(done)) {
    if (existsSync(join(dir, 'failed'))) throw new Error(`packing in another worker failed: ${readFileSync(join(dir, 'failed'), 'utf8')}`);
    if (Date.now() > until) throw new Error('packing in another worker took over 120 s');
    pause(100);
  }
  made = JSON.parse(readFileSync(done, 'utf8')) as Installed;
  return made;
}

function pack(dir: string): Installed {
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
  return { dir, tgz, files: info!.files.map((f) => f.path), app, binDir: join(app, 'node_modules', '.bin'), env };
}
