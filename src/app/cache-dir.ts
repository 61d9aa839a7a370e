import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The tool's private cache folder: IRAQ_SCENARIOS_CACHE_DIR, else
 * $XDG_CACHE_HOME/iraq-scenarios, else ~/.cache/iraq-scenarios; undefined
 * when IRAQ_SCENARIOS_NO_CACHE is set. The model cache (model-cache.ts) and
 * the program's compiled code (src/cli/launch.ts, in its `code-cache`
 * subfolder) live there. Nothing in it is needed: a cache that is missing, damaged or
 * unwritable only makes a command slower.
 */
export function cacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.IRAQ_SCENARIOS_NO_CACHE) return undefined;
  if (env.IRAQ_SCENARIOS_CACHE_DIR) return resolve(env.IRAQ_SCENARIOS_CACHE_DIR);
  return env.XDG_CACHE_HOME ? join(resolve(env.XDG_CACHE_HOME), 'iraq-scenarios') : join(homedir(), '.cache', 'iraq-scenarios');
}
