import type { z } from 'zod';
import { didYouMean } from './diagnostics.js';
import type { Diagnostic } from './diagnostics.js';
import { FILE_KINDS, keysAt, modelFileSchema } from './schema.js';
import type { RawFile } from './schema.js';
import { positionOf } from './yaml.js';
import type { ParsedYaml } from './yaml.js';

/*
 * The second layer of loading: a parsed file's data against the schema.
 * Each problem zod finds becomes one message with its position, what was
 * expected (read from the schema) and the nearest valid name.
 */

type Path = (string | number)[];

/** The file's data as the schema's type, or undefined with the problems added to `out`. */
export function checkSchema(p: ParsedYaml, out: Diagnostic[]): RawFile | undefined {
  const data = p.data;
  const at = (path: Path, message: string, key = false) => {
    const { line, col } = positionOf(p, path, key);
    out.push({ file: p.file, line, col, severity: 'error', message });
  };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    at([], `expected a mapping that starts with \`kind:\` (one of ${FILE_KINDS.join(', ')}), found ${describe(data)}`);
    return undefined;
  }
  const res = modelFileSchema.safeParse(data);
  if (res.success) return res.data;
  const seen = new Set<string>();
  for (const issue of res.error.issues.slice(0, 20)) {
    const msg = issueMessage(issue, data);
    const path = issue.path as Path;
    const key = JSON.stringify([path, msg]);
    if (seen.has(key)) continue;
    seen.add(key);
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) at([...path, k], unknownKeyMessage(k, data, path), true);
    } else if (issue.code === 'invalid_type' && valueAt(data, path) === undefined) {
      at(path.slice(0, -1), msg);
    } else {
      at(path, msg, false);
    }
  }
  return undefined;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `the ${typeof v} ${JSON.stringify(v)}`;
}

function describeShort(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : describe(v);
}

function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const s of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[s];
  }
  return v;
}

function issueMessage(issue: z.core.$ZodIssue, data: unknown): string {
  const path = issue.path as Path;
  const last = path[path.length - 1];
  const found = valueAt(data, path);
  switch (issue.code) {
    case 'invalid_type':
      if (found === undefined) return `missing required key '${String(last)}'`;
      return `'${String(last ?? 'file')}': expected ${issue.expected}, found ${describe(found)}`;
    case 'invalid_union': {
      const u = issue as z.core.$ZodIssueInvalidUnion & { discriminator?: string; options?: unknown[] };
      if (last === 'kind' || u.discriminator === 'kind') {
        const kinds = (u.options ?? FILE_KINDS).map(String);
        return found === undefined
          ? `missing required key 'kind' (one of ${kinds.join(', ')})`
          : `unknown kind '${describeShort(found)}'; expected one of ${kinds.join(', ')}${didYouMean(describeShort(found), kinds)}`;
      }
      return `expected an expression: a condition id, 'not id', 'id=value', or a mapping with all, any or not; found ${describe(found)}`;
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      return `'${String(last)}': expected one of ${values.join(', ')}, found ${describe(found)}${typeof found === 'string' ? didYouMean(found, values) : ''}`;
    }
    case 'invalid_format':
    case 'too_small':
    case 'too_big':
      return `'${String(last)}': ${issue.message}`;
    default:
      return `'${String(last ?? 'file')}': ${issue.message}`;
  }
}

function unknownKeyMessage(key: string, data: unknown, path: Path): string {
  const allowed = keysAt(data, path);
  return `unknown key '${key}'${allowed ? `; expected one of ${allowed.join(', ')}${didYouMean(key, allowed)}` : ''}`;
}
