// What the command runs before it runs anything: the modules reachable from
// the launcher and the program (src/cli/launch.ts, src/cli/main.ts) through
// static imports, by size. The program is one bundle (dist/cli.cjs), but
// esbuild wraps each module reached only through import() in a function run
// on first use, and the vendored packages are files of their own
// (dist/vendor/, build.mjs): so the same build split into ES module chunks,
// in memory, shows which modules a start initialises.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { esbuildOptions } from '../build.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

let bundled;
/**
 * The in-memory bundle, made once per process (a caller asking about several
 * entry points, as tests/startup.test.ts does, pays for one build).
 */
function bundle() {
  bundled ??= build({
    ...esbuildOptions,
    format: 'esm',
    splitting: true,
    supported: undefined,
    outExtension: undefined,
    banner: undefined,
    absWorkingDir: ROOT,
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  return bundled;
}

/**
 * Bundles in memory (once); returns bytes per input (package name or src path) in
 * the chunks a command loads before it runs: those reachable by static
 * imports from the launcher and from the program it loads (src/cli/main.ts),
 * or from the given entry points.
 */
export async function eagerInputs(roots = ['src/cli/launch.ts', 'src/cli/main.ts']) {
  const outs = (await bundle()).metafile.outputs;
  const seen = new Set();
  const stack = Object.keys(outs).filter((k) => roots.includes(outs[k].entryPoint));
  while (stack.length) {
    const k = stack.pop();
    if (seen.has(k)) continue;
    seen.add(k);
    for (const i of outs[k].imports) if (i.kind === 'import-statement' && outs[i.path]) stack.push(i.path);
  }
  const bytes = new Map();
  for (const k of seen)
    for (const [input, v] of Object.entries(outs[k].inputs)) {
      const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
      const name = m ? m[1] : input;
      bytes.set(name, (bytes.get(name) ?? 0) + v.bytesInOutput);
    }
  return { chunks: seen.size, bytes: [...bytes].sort((a, b) => b[1] - a[1]) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { chunks, bytes } = await eagerInputs();
  console.log(`${chunks} eager chunk(s), ${bytes.reduce((t, [, b]) => t + b, 0)} bytes`);
  for (const [name, b] of bytes) console.log(`${String(b).padStart(8)}  ${name}`);
}
