import { emitKeypressEvents } from 'node:readline';
import { PassThrough } from 'node:stream';

/** A key as node's readline decodes it. */
export interface Key {
  sequence?: string | undefined;
  name?: string | undefined;
  ctrl?: boolean | undefined;
  meta?: boolean | undefined;
  shift?: boolean | undefined;
}

/** A terminal input: a readable stream that may have raw mode. */
export type TtyInput = NodeJS.ReadableStream & { isTTY?: boolean; isRaw?: boolean; setRawMode?: (mode: boolean) => unknown };

/**
 * Keys from a terminal, none lost between prompts. Each inquirer prompt
 * reads the terminal through its own readline and drops what arrives before
 * it is ready (inquirer discards "stale" keys on a terminal, and node's
 * keypress decoder drops data nobody listens to), so a burst typed while the
 * session works (`t` then Enter) reached the next prompt as Enter alone.
 *
 * The feed reads the terminal for the whole session, in raw mode, and queues
 * every key; prompts read `input`, a stream that is not a terminal, on which
 * the queued keys are replayed one at a time while a prompt listens, a
 * macrotask apart, so the key that ends one prompt leaves the rest queued for
 * the next.
 *
 * @example
 * const feed = new KeyFeed(process.stdin);
 * const answer = prompt(config, { input: feed.input });
 * feed.listen(); await answer; feed.close();
 * feed.dispose();
 */
export class KeyFeed {
  /** What prompts read: keypress events only, replayed from the queue. */
  readonly input: PassThrough = new PassThrough();
  private readonly queue: [string | undefined, Key | undefined][] = [];
  private listening = false;
  private draining = false;
  private readonly wasRaw: boolean;
  /** Called when the session comes back from Ctrl-Z, to draw the screen again. */
  onResume: (() => void) | undefined;

  constructor(private readonly tty: TtyInput) {
    emitKeypressEvents(tty);
    this.wasRaw = tty.isRaw === true;
    tty.setRawMode?.(true);
    tty.on('keypress', this.onKey);
    tty.resume();
  }

  private readonly onKey = (s: string | undefined, key: Key | undefined): void => {
    // Ctrl-D would close the prompt's readline and leave it waiting forever; 'quit' ends a session.
    if (key?.ctrl && key.name === 'd') return;
    if (key?.ctrl && key.name === 'z') return this.suspend();
    this.queue.push([s, key]);
    this.drain();
  };

  /** Ctrl-Z: the terminal back as it was, the process stopped; on `fg`, raw mode again and a redraw. */
  private suspend(): void {
    if (process.platform === 'win32') return;
    this.tty.setRawMode?.(false);
    process.once('SIGCONT', () => {
      this.tty.setRawMode?.(true);
      this.onResume?.();
    });
    process.kill(process.pid, 'SIGTSTP');
  }

  /** Keys typed so far and not yet given to a prompt. */
  get pending(): number {
    return this.queue.length;
  }

  /** A prompt now listens on `input` (call once it is created): queued keys go to it. */
  listen(): void {
    this.listening = true;
    this.drain();
  }

  /** The prompt has ended: keys wait in the queue for the next one. */
  close(): void {
    this.listening = false;
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    const step = () => {
      const next = this.listening ? this.queue.shift() : undefined;
      if (!next) {
        this.draining = false;
        return;
      }
      this.input.emit('keypress', next[0], next[1]);
      // A macrotask apart: a key that ends the prompt settles it (microtasks) before the next key is given.
      setImmediate(step);
    };
    step();
  }

  /** Gives the terminal back as it was. */
  dispose(): void {
    this.tty.removeListener('keypress', this.onKey);
    this.tty.setRawMode?.(this.wasRaw);
    this.tty.pause();
  }
}
