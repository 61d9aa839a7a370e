import { checkSchema } from './check-schema.js';
import { Builder } from './build.js';
import type { OverlayOf } from './build.js';
import { FILE_KINDS } from './schema.js';
import type { RawFile } from './schema.js';
import { parseYaml } from './yaml.js';
import type { ParsedYaml } from './yaml.js';
import type { Diagnostic } from './diagnostics.js';
import type { Model } from '../engine/types.js';

import type { ModelFileInput } from './files.js';
export type { ModelFileInput };

export interface LoadResult {
  model?: Model;
  diagnostics: Diagnostic[];
}

/**
 * Turns a model's files into a checked Model, in layers: YAML text, then the
 * schema, then references between ids. Pure: the caller reads the files.
 * Returns every problem found, each with file, line and column. `parse`
 * defaults to the yaml package (src/model/fast-yaml.ts passes a faster one,
 * which keeps no positions: the model's `loc` fields are then absent).
 * With `overlay`, the files are one layer on top of a model already built
 * (src/model/layers.ts).
 */
export function loadModel(files: readonly ModelFileInput[], folderName = 'model', parse: typeof parseYaml = parseYaml, overlay?: OverlayOf): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const parsed: { p: ParsedYaml; raw: RawFile }[] = [];
  // Kinds with a file that failed: references into them are not reported (they would only echo that failure).
  const incomplete = new Set<string>();
  for (const f of files) {
    const { parsed: p, diagnostics: d } = parse(f.file, f.bytes, f.size);
    diagnostics.push(...d);
    if (!p) {
      FILE_KINDS.forEach((k) => incomplete.add(k));
      continue;
    }
    const raw = checkSchema(p, diagnostics);
    if (raw) parsed.push({ p, raw });
    else {
      const kind = (p.data as { kind?: unknown } | null)?.kind;
      if (typeof kind === 'string' && (FILE_KINDS as readonly string[]).includes(kind)) incomplete.add(kind);
      else FILE_KINDS.forEach((k) => incomplete.add(k));
    }
  }
  if (files.length === 0)
    diagnostics.push({ file: folderName, line: 1, col: 1, severity: 'error', message: 'no .yaml files in the model folder' });
  const b = new Builder(diagnostics, folderName, incomplete, overlay);
  // Conditions first: every expression in the other files refers to them.
  const order = (r: RawFile) => (r.kind === 'conditions' ? 0 : 1);
  for (const { p, raw } of [...parsed].sort((x, y) => order(x.raw) - order(y.raw))) b.add(p, raw);
  const model = b.finish();
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { model, diagnostics };
}
