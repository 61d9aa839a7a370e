// What the command loads before it runs anything, read from the bundler's
// own account (bench/eager.mjs bundles in memory with build.mjs's options).
// Timings live in `npm run bench`; this guards the structure that makes them:
// the YAML parser, the schema library, the prompts and the spare solvers load
// only when a command needs them.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from './helpers.js';

interface EagerReport {
  chunks: number;
  bytes: [string, number][];
}
type EagerModule = { eagerInputs: (roots?: string[]) => Promise<EagerReport> };
// A plain ES module outside the TypeScript project.
const eagerPath: string = '../bench/eager.mjs';

describe('start-up', () => {
  it('loads no YAML parser, schema, prompts or extra solver before a command runs', async () => {
    const { eagerInputs } = (await import(eagerPath)) as EagerModule;
    const { bytes } = await eagerInputs();
    const names = bytes.map(([n]) => n);
    const lazy = /^(yaml|js-yaml|zod|@inquirer\/|logic-solver|json-rules-engine|dotparser|write-file-atomic)$/;
    expect(names.filter((n) => lazy.test(n))).toEqual([]);
    // The loaders themselves are loaded on demand as well.
    for (const file of ['src/model/yaml.ts', 'src/model/fast-yaml.ts', 'src/model/load.ts', 'src/model/build.ts', 'src/model/check-schema.ts', 'src/model/schema.ts', 'src/app/conditions-file.ts', 'src/app/model-cache.ts'])
      expect(names).not.toContain(file);
  });

  it("tables measure with the kit's width, not string-width and emoji-regex; commander does not load child_process to start", async () => {
    const { eagerInputs } = (await import(eagerPath)) as EagerModule;
    const names = (await eagerInputs()).bytes.map(([n]) => n);
    expect(names).toContain('cli-table3');
    expect(names.filter((n) => /^(string-width|emoji-regex|strip-ansi|is-fullwidth-code-point)$/.test(n))).toEqual([]);
    // build.mjs hands cli-table3 the kit's measure and commander a child_process loaded on first use.
    const program = readFileSync(join(ROOT, 'dist', 'cli.cjs'), 'utf8');
    expect(program).toContain('// table-width:string-width');
    expect(program).toContain('// lazy-child-process:child_process');
    // Every require of child_process is inside a function run on use: the proxy's, or an import() made a require().
    const requires = program.split('\n').filter((line) => /require\("(node:)?child_process"\)/.test(line));
    expect(requires.length).toBeGreaterThan(0);
    for (const line of requires) expect(line).toMatch(/\(m \?\?= require\("node:child_process"\)\)|Promise\.resolve\(\)\.then\(\(\) => __toESM\(require\("node:child_process"\)/);
  });

  it('leaves the large packages that only some commands need out of the program, in files of their own', () => {
    const program = readFileSync(join(ROOT, 'dist', 'cli.cjs'), 'utf8');
    for (const [file, pkg] of [['zod', 'zod'], ['yaml', 'yaml'], ['js-yaml', 'js-yaml'], ['inquirer', '@inquirer/core']] as const) {
      expect(program).toContain(`require("./vendor/${file}.cjs")`);
      expect(program, pkg).not.toContain(`// node_modules/${pkg}/`);
      expect(readFileSync(join(ROOT, 'dist', 'vendor', `${file}.cjs`), 'utf8')).toContain(`// node_modules/${pkg}/`);
    }
    // The program runs from a vm.Script, which has no ES module loader: no import() is left in it.
    for (const f of ['launch.cjs', 'cli.cjs', 'view-worker.cjs']) expect(readFileSync(join(ROOT, 'dist', f), 'utf8').replace(/\/\/.*$/gm, ''), f).not.toMatch(/(^|[^.\w])import\(/);
  });

  it('calls no toLocaleString or Intl (they load ICU data: about 15 ms of a start when a help text used one)', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.ts'))
          readFileSync(p, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              if (/\btoLocale\w*String\(|\bIntl\./.test(line.replace(/\/\/.*$|^\s*\*.*$/, ''))) offenders.push(`${p}:${i + 1}`);
            });
      }
    };
    walk(join(ROOT, 'src'));
    expect(offenders).toEqual([]);
  });

  it('a command line that names a command builds that command alone, with the same help and errors', () => {
    for (const args of [['query', '--help'], ['query', '--bogus'], ['explain']]) {
      const alone = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
      // `help query` goes through the whole program.
      const whole = args[1] === '--help' ? spawnSync(process.execPath, [BIN, 'help', args[0]!], { encoding: 'utf8' }) : undefined;
      if (whole) expect(alone.stdout).toBe(whole.stdout);
      expect(alone.stdout + alone.stderr).not.toBe('');
    }
    const r = spawnSync(process.execPath, [BIN, 'query', '--sett', 'x'], { encoding: 'utf8' });
    expect(r.status).toBe(64);
    expect(r.stderr).toMatch(/unknown option '--sett'\n\(Did you mean --set\?\)/);
  });

  it('answers --version before loading the program', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const { eagerInputs } = (await import(eagerPath)) as EagerModule;
    const { bytes } = await eagerInputs(['src/cli/launch.ts']);
    // The version, the stream guards that must be in place before its first byte (src/cli/streams.ts), and where the cache folder is.
    expect(bytes.map(([n]) => n).sort()).toEqual(['src/app/cache-dir.ts', 'src/app/version.ts', 'src/cli/launch.ts', 'src/cli/streams.ts']);
    for (const flag of ['--version', '-V']) {
      const r = spawnSync(process.execPath, [BIN, flag], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`${pkg.version}\n`);
      expect(r.stderr).toBe('');
    }
  });

  it('prints the same top-level help from the build-time text as the program does', () => {
    const fast = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    const short = spawnSync(process.execPath, [BIN, '-h'], { encoding: 'utf8' });
    // `help` goes through commander itself.
    const program = spawnSync(process.execPath, [BIN, 'help'], { encoding: 'utf8' });
    expect(fast.status).toBe(0);
    expect(program.status).toBe(0);
    expect(fast.stdout).toMatch(/^Usage: iraq-scenarios/);
    expect(fast.stdout).toBe(program.stdout);
    expect(short.stdout).toBe(program.stdout);
  });
});
