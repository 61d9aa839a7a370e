// Where the tool's cache folder and default forecast log are: from the
// environment and working folder a command is given (an in-process run's own,
// not the process's), with a relative XDG base ignored as the XDG base
// directory specification says.
import { describe, expect, it } from 'vitest';
import { cacheDir } from '../src/app/cache-dir.js';
import { defaultLogPath } from '../src/app/forecast-log.js';

describe('cache folder and default log', () => {
  it('follow the given environment and working folder', () => {
    expect(cacheDir({ IRAQ_SCENARIOS_CACHE_DIR: 'c' }, '/work/here')).toBe('/work/here/c');
    expect(cacheDir({ IRAQ_SCENARIOS_CACHE_DIR: '/abs/c' }, '/work/here')).toBe('/abs/c');
    expect(cacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }, '/w')).toBe('/x/cache/iraq-scenarios');
    expect(cacheDir({ HOME: '/home/u' }, '/w')).toBe('/home/u/.cache/iraq-scenarios');
    expect(defaultLogPath({ HOME: '/home/u' })).toBe('/home/u/.local/share/iraq-scenarios/forecasts.jsonl');
  });

  it('ignore a relative XDG base and a relative HOME', () => {
    expect(cacheDir({ XDG_CACHE_HOME: 'rel/cache', HOME: '/home/u' }, '/w')).toBe('/home/u/.cache/iraq-scenarios');
    expect(defaultLogPath({ XDG_DATA_HOME: 'rel/data', HOME: '/home/u' })).toBe('/home/u/.local/share/iraq-scenarios/forecasts.jsonl');
    expect(cacheDir({ HOME: 'rel' }, '/w')).not.toContain('/w/rel');
  });

  it('is none with IRAQ_SCENARIOS_NO_CACHE', () => {
    expect(cacheDir({ IRAQ_SCENARIOS_NO_CACHE: '1', IRAQ_SCENARIOS_CACHE_DIR: '/abs/c' }, '/w')).toBeUndefined();
  });
});
