// Drives whole interactive sessions on @inquirer/testing's virtual screen: the
// real prompts, a session whose drawings are kept, and the moves a user makes.
import { screen, wrapPrompt } from '@inquirer/testing/vitest';
import { Writable } from 'node:stream';
import type * as Inquirer from '@inquirer/prompts';
import { expect, vi } from 'vitest';
import { runSession } from '../src/interactive/run.js';
import { commandPrompt } from '../src/interactive/prompt.js';
import type { RunOptions } from '../src/interactive/run.js';
import type { Prompts, SessionEnd } from '../src/interactive/session.js';

export { screen };

/** A prompt drawn on the virtual screen, keeping its generic signature (wrapPrompt's type loses it). */
function onScreen<P>(prompt: P): P {
  return wrapPrompt(prompt as never) as unknown as P;
}

/** The real prompts, drawn on the virtual screen. */
export async function screenPrompts(): Promise<Prompts> {
  const actual = await vi.importActual<typeof Inquirer>('@inquirer/prompts');
  return {
    select: onScreen(actual.select),
    search: onScreen(actual.search),
    input: onScreen(actual.input),
    confirm: onScreen(actual.confirm),
    command: onScreen(commandPrompt),
  };
}

/** Starts a session; `frames` holds what the session drew (table, pages). */
export function startSession(prompts: Prompts, options: RunOptions) {
  const frames: string[] = [];
  const output = new Writable({
    write(chunk: Buffer, _enc, cb) {
      frames.push(String(chunk));
      cb();
    },
  });
  const done: Promise<SessionEnd> = runSession(prompts, { input: screen.input, output }, options);
  /** Makes the session's terminal another size, as a resize does (the session hears 'resize' on its output). */
  const resize = (columns: number, rows: number) => {
    Object.assign(output, { columns, rows });
    output.emit('resize');
  };
  const table = () => [...frames].reverse().find((f) => f.startsWith(options.model.info.title)) ?? '';
  // Messages are word-wrapped to the terminal; compare them with spaces and line breaks flattened.
  const said = () => table().split('Derived:')[1]!.split('\n').slice(1).join(' ').replace(/\s+/g, ' ').trim();
  return { done, frames, table, said, resize, last: () => frames[frames.length - 1] ?? '' };
}

/** Moves the cursor of the list on screen to the line containing `text`, then presses Enter. */
export async function choose(text: string, wait = true): Promise<void> {
  const lines = screen.getScreen().split('\n');
  const cur = lines.findIndex((l) => l.startsWith('❯'));
  const target = lines.findIndex((l, i) => i > 0 && l.includes(text));
  if (cur < 0 || target < 0) throw new Error(`'${text}' is not on the screen:\n${screen.getScreen()}`);
  for (let i = 0; i < Math.abs(target - cur); i++) screen.keypress(target > cur ? 'down' : 'up');
  screen.keypress('enter');
  if (wait) await screen.next();
}

/** Quits from the menu (nothing renders after that, so nothing to wait for). */
export async function quit(s: { done: Promise<SessionEnd> }): Promise<void> {
  // Typing jumps to the entry that starts with it, even when the list is scrolled.
  screen.type('q');
  screen.keypress('enter');
  await expect(s.done).resolves.toBe('quit');
}

/** Sets a condition the way a user does: menu, search by typing, then the value. */
export async function setCondition(id: string, value: string): Promise<void> {
  await choose('Set a condition');
  screen.type(id);
  await screen.next();
  expect(screen.getScreen()).toContain(id);
  await choose(id);
  await choose(value);
}
