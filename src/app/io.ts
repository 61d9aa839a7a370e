/**
 * The streams and environment a command runs with: the process's own, or a
 * test's (injected, so a whole command runs in-process with captured output).
 */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // A getter: creating process.stdin costs ~4 ms, which only the commands
    // that read it should pay.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Reads a stream whole, stopping once past `limit` bytes (the caller refuses what is over it). */
export async function readStream(stream: NodeJS.ReadableStream, limit = 2 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += b.length;
    chunks.push(b);
    if (size > limit) break;
  }
  return Buffer.concat(chunks);
}
