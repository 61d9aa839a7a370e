// Once per `vitest run`: a temporary folder for what the test files share
// (the packed and installed package, tests/package.ts), removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder the whole run shares, removed when it ends. */
    suiteTemp: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'iraq-scenarios-suite-'));
  project.provide('suiteTemp', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
