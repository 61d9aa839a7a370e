/*
 * What a folder's files say about its place in a stack of layers, read
 * before it is loaded and without the loader (a plain model folder never
 * loads the YAML parser here): src/app/stack.ts decides with it whether
 * `--model DIR` is a model of its own or an overlay.
 */

/** The name that stands for the model shipped with the tool, in `--model` and `extends:`. */
export const SHIPPED = 'shipped';

/** What a folder's files say about its place in a stack, read before it is loaded. */
export interface LayerPeek {
  /** How many YAML files it has. */
  files: number;
  /** Whether one of its files is `kind: model`. */
  hasModelFile: boolean;
  /** Whether it has scenario files. */
  hasScenarios: boolean;
  /** Its model file's `extends:`, bottom first (empty when none). */
  extends: string[];
  /** Where `extends:` is written, for messages. */
  extendsAt?: { file: string; line: number; col: number } | undefined;
}

const KIND_MODEL = /^kind:\s*['"]?model['"]?\s*(#.*)?$/m;
const KIND_SCENARIO = /^kind:\s*['"]?scenario['"]?\s*(#.*)?$/m;
const EXTENDS = /^extends\s*:/m;

/**
 * Peeks at a folder's files: is it a complete model or an overlay, and on
 * what. Files are scanned for their top-level `kind:` line; only a model
 * file that says `extends:` is parsed (so a plain model folder never loads
 * the YAML parser here). A file the peek cannot read is left to the loader,
 * which reports it with its position.
 *
 * @example
 * await peekLayer([{ file: 'notes/model.yaml', text: 'kind: model\nextends: shipped\n' }]); // { hasModelFile: true, extends: ['shipped'], ... }
 */
export async function peekLayer(files: readonly { file: string; text: string }[]): Promise<LayerPeek> {
  const out: LayerPeek = { files: files.length, hasModelFile: false, hasScenarios: false, extends: [] };
  for (const { file, text } of files) {
    if (KIND_SCENARIO.test(text)) out.hasScenarios = true;
    if (!KIND_MODEL.test(text)) continue;
    out.hasModelFile = true;
    if (!EXTENDS.test(text)) continue;
    // Only now: the parser's cost is for folders that say `extends:`.
    const { parseYaml } = await import('./yaml.js');
    const { parsed } = parseYaml(file, text);
    const ext = (parsed?.data as { extends?: unknown } | null | undefined)?.extends;
    const list = typeof ext === 'string' ? [ext] : Array.isArray(ext) ? ext.filter((x): x is string => typeof x === 'string') : [];
    if (list.length) {
      out.extends = list;
      const line = text.slice(0, EXTENDS.exec(text)!.index).split('\n').length;
      out.extendsAt = { file, line, col: 1 };
    }
  }
  return out;
}

/** Whether a folder is an overlay: its model file extends another, or it has files but neither a model file nor scenarios of its own. */
export function isOverlay(peek: LayerPeek): boolean {
  return peek.extends.length > 0 || (peek.files > 0 && !peek.hasModelFile && !peek.hasScenarios);
}

