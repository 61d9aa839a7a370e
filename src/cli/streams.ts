// The process's output streams, guarded before anything is written (even
// --version): a reader that went away (EPIPE: `| head`, `| true`) ends the
// command quietly; any other failure to write (ENOSPC: `> /dev/full`, EIO)
// ends it with exit 73 and one line on stderr, never a stack trace; a
// closed stdout (`>&-`) is refused with exit 73 before any work is done.
// Loaded by the entry chunk, so it imports nothing but node:fs.
import { readFileSync, readlinkSync } from 'node:fs';

/** sysexits' EX_CANTCREAT, as src/app/errors.ts has it (not imported: this file stays tiny). */
const CANT_CREATE = 73;

let guarded = false;

/**
 * Installs the handlers on stdout and stderr (once) and checks that stdout
 * is open. Returns false when it is closed: the message is written and the
 * exit code set, and the caller stops.
 */
export function guardStreams(argv: readonly string[] = []): boolean {
  if (!guarded) {
    guarded = true;
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      // The reader stopped reading: what it wanted, it has. Not an error (as ripgrep and git do).
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      writeLine(`iraq-scenarios: cannot write the output (${err.code ?? 'error'}${err.code === 'ENOSPC' ? ': no space left on the device' : ''})\n`);
      process.exit(CANT_CREATE);
    });
    // Nowhere left to say anything: end with the code for an output failure (or quietly for a closed pipe).
    process.stderr.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? (process.exitCode ?? 0) : CANT_CREATE));
  }
  if (stdoutClosed() && !writesElsewhere(argv)) {
    writeLine('iraq-scenarios: standard output is closed; redirect it to a file or to /dev/null\n');
    process.exitCode = CANT_CREATE;
    return false;
  }
  return true;
}

/**
 * Whether the command's product is a file, not its standard output: `record`
 * and `resolve` append to a forecast log, `report -o` writes a page. Started
 * with stdout closed, or discarded the way Node's `stdio: 'ignore'` and
 * service managers do it (/dev/null opened read-write: the two cannot be told
 * apart), they still do their work; only a command whose output is stdout
 * refuses.
 */
function writesElsewhere(argv: readonly string[]): boolean {
  return argv[0] === 'record' || argv[0] === 'resolve' || (argv[0] === 'report' && argv.some((a) => a === '-o' || a === '--output' || a.startsWith('--output=') || (a.startsWith('-o') && a.length > 2)));
}

/** Writes to stderr, ignoring a stderr that cannot take it. */
function writeLine(s: string): void {
  try {
    process.stderr.write(s);
  } catch {
    // nothing to do
  }
}

/**
 * Whether the process was started with stdout closed (`>&-`). Node opens
 * /dev/null read-write in place of a closed standard stream; a shell's
 * `> /dev/null` opens it write-only, so the two are told apart by the
 * descriptor's flags (Linux; elsewhere a closed stdout is not detected).
 */
export function stdoutClosed(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    if (readlinkSync('/proc/self/fd/1') !== '/dev/null') return false;
    const flags = /^flags:\s*([0-7]+)/m.exec(readFileSync('/proc/self/fdinfo/1', 'utf8'))?.[1];
    // O_ACCMODE 3, O_RDWR 2.
    return flags !== undefined && (parseInt(flags, 8) & 3) === 2;
  } catch {
    return false;
  }
}
