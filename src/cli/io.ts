import { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';
import type { Io } from '../app/io.js';

/**
 * Whether to colour a stream (no-color.org and the FORCE_COLOR convention):
 * off with --no-color, a non-empty NO_COLOR, TERM=dumb or a stream that is
 * not a terminal; FORCE_COLOR (not 0) turns it on.
 */
export function colourLevel(io: Io, stream: { isTTY?: boolean }, flag: boolean | undefined): 0 | 1 | 2 | 3 {
  if (flag === false) return 0;
  const env = io.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') {
    const n = Number(env.FORCE_COLOR);
    return n >= 1 && n <= 3 ? (n as 1 | 2 | 3) : 1;
  }
  if (env.TERM === 'dumb') return 0;
  if (!stream.isTTY) return 0;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  return /256/.test(env.TERM ?? '') ? 2 : 1;
}

export function makeChalk(level: 0 | 1 | 2 | 3): ChalkInstance {
  return new Chalk({ level });
}

/** The width to lay tables out in: the terminal's, or COLUMNS, or 100 when piped. */
export function outputWidth(io: Io): number {
  const cols = io.stdout.isTTY ? io.stdout.columns : undefined;
  const env = Number(io.env.COLUMNS);
  return Math.max(60, Math.min(200, cols ?? (Number.isFinite(env) && env > 0 ? env : 100)));
}
