import { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';
import type { Model } from '../../engine/types.js';
import { toJsonText } from './json.js';
import { displaySafe } from './safe.js';

/** How the table format is drawn: the colours (a chalk at the level the conventions chose) and the width. */
export interface RenderOptions {
  chalk: ChalkInstance;
  width: number;
  /** `--wide`: tables at their natural width, no cell wrapped or shortened (the width still wraps prose outside them). */
  wide?: boolean | undefined;
}

/** A renderer of the human formats: pure, data and style in, text out. */
export type TextRenderer<D> = (data: D, style: RenderOptions) => string;

/**
 * One command's renderers, siblings over the kit: one per output format.
 * `json` gives the documented shape as data (serialised in one place, with
 * no colour library involved); the others give text.
 */
export interface Renderers<D> {
  table?: TextRenderer<D>;
  markdown?: TextRenderer<D>;
  json?: (data: D) => unknown;
  dot?: TextRenderer<D>;
  mermaid?: TextRenderer<D>;
  html?: TextRenderer<D>;
}

/** The output formats there are; a command offers some of them. */
export type Format = keyof Renderers<unknown>;

// Pure callers need no colour setup: plain text unless they pass a chalk.
export const plainChalk = new Chalk({ level: 0 });

/** Colour and width with defaults (plain, 100 columns), for callers without a terminal. */
export function styleOf(o: Partial<RenderOptions> | undefined): RenderOptions {
  return { chalk: o?.chalk ?? plainChalk, width: o?.width ?? 100, wide: o?.wide };
}

/**
 * Renders data in a format with a command's renderers: the one place a
 * format is picked (JSON serialised here, the others drawn as text).
 */
export function renderAs<D>(renderers: Renderers<D>, format: Format, data: D, style: Partial<RenderOptions> = {}): string {
  if (format === 'json') {
    if (!renderers.json) throw new Error('no JSON renderer');
    return toJsonText(renderers.json(data));
  }
  const text = renderers[format];
  if (!text) throw new Error(`no ${format} renderer`);
  // Every string from a model, a file or the command line made safe for a terminal first (safe.ts).
  return text(displaySafe(data), styleOf(style));
}

/** What an analysis renders: the model, the result and, for a ranked list, how many entries to show (0 or absent: all). */
export interface Analysed<R> {
  model: Model;
  r: R;
  top?: number;
}

/**
 * An analysis's renderers from its three functions; `count` is the length of
 * its ranked list, which --top cuts (the others ignore `shown`).
 */
export function analysisRenderers<R>(
  table: (model: Model, r: R, style: RenderOptions, shown: number) => string,
  json: (model: Model, r: R, shown: number) => unknown,
  markdown: (model: Model, r: R, shown: number) => string,
  count: (r: R) => number = () => 0,
): Renderers<Analysed<R>> {
  const shown = ({ r, top }: Analysed<R>) => (top && top > 0 ? Math.min(top, count(r)) : count(r));
  return {
    table: (d, style) => table(d.model, d.r, style, shown(d)),
    json: (d) => json(d.model, d.r, shown(d)),
    markdown: (d) => markdown(d.model, d.r, shown(d)),
  };
}
