import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** The user's home: HOME when it is an absolute path (the environment given, not only the process's), else the system's. */
export function homeOf(env: NodeJS.ProcessEnv): string {
  return env.HOME && isAbsolute(env.HOME) ? env.HOME : homedir();
}

/**
 * The tool's private cache folder: IRAQ_SCENARIOS_CACHE_DIR (relative to
 * the working folder `cwd`), else $XDG_CACHE_HOME/iraq-scenarios (when it is
 * an absolute path: the XDG base directory specification has a relative one
 * ignored), else ~/.cache/iraq-scenarios; undefined when
 * IRAQ_SCENARIOS_NO_CACHE is set. The model cache (model-cache.ts) and the
 * program's compiled code (src/cli/launch.ts, in its `code-cache`
 * subfolder) live there. Nothing in it is needed: a cache that is missing,
 * damaged or unwritable only makes a command slower.
 */
export function cacheDir(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): string | undefined {
  if (env.IRAQ_SCENARIOS_NO_CACHE) return undefined;
  if (env.IRAQ_SCENARIOS_CACHE_DIR) return resolve(cwd, env.IRAQ_SCENARIOS_CACHE_DIR);
  return env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? join(env.XDG_CACHE_HOME, 'iraq-scenarios') : join(homeOf(env), '.cache', 'iraq-scenarios');
}
