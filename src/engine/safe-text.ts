/*
 * Text from files and the command line is data, never control: before any
 * string a user or a model file wrote reaches a terminal or a Markdown, DOT
 * or Mermaid output, it goes through `safeText`. JSON keeps every string
 * exact (its serialiser escapes the same characters as \uXXXX instead).
 *
 * - C0 controls (but the line feed), DEL and C1 controls are shown as
 *   `\xNN`, so an escape sequence is printed as text (`\x1b]0;title\x07`)
 *   and never reaches the terminal's parser; a tab is a space; CR LF is LF.
 * - Bidirectional overrides, embeddings and isolates (U+202A-U+202E,
 *   U+2066-U+2069) are shown as `\uNNNN`: they would reorder the rest of the
 *   line, table borders included (Trojan Source, CVE-2021-42574). The
 *   invisible direction marks (LRM, RLM, ALM) are dropped.
 * - Other invisible format characters (zero-width space, word joiner, soft
 *   hyphen, byte-order mark, zero-width joiners outside emoji...) are
 *   dropped: width libraries count them as a column, terminals as none, so
 *   they break alignment. A joiner inside an emoji sequence stays.
 * - Line and paragraph separators (U+2028, U+2029) are line feeds; an
 *   unpaired surrogate is shown as `\uNNNN`.
 *
 * What is left is measured by display width (src/render/kit/width.ts) like
 * any text. Pure string code, so that every layer can use it: the render kit
 * (src/render/kit/safe.ts) and the messages of src/app and src/cli.
 */

/** Any character that needs a look: the fast path is one test of this. */
const SUSPECT = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\p{Cf}\p{Cs}]/u;

/** Format characters (Cf) that are visible marks and stay: Arabic number signs and the like. */
const VISIBLE_FORMAT = /^[\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u{110bd}\u{110cd}]$/u;
/** Characters that reorder text: shown, never passed on. */
const BIDI = /^[\u202a-\u202e\u2066-\u2069]$/u;
const EMOJI = /\p{Extended_Pictographic}/u;

const hex = (cp: number, digits: number) => cp.toString(16).padStart(digits, '0');

/** The display-safe form of one string: see the notes above. Idempotent; plain text comes back as it was. */
export function safeText(s: string): string {
  if (!SUSPECT.test(s)) return s;
  let out = '';
  const chars = Array.from(s.replace(/\r\n/g, '\n'));
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const cp = ch.codePointAt(0)!;
    if (ch === '\n') out += ch;
    else if (ch === '\t') out += ' ';
    else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) out += `\\x${hex(cp, 2)}`;
    else if (cp === 0x2028 || cp === 0x2029) out += '\n';
    else if (cp >= 0xd800 && cp <= 0xdfff) out += `\\u${hex(cp, 4)}`;
    else if (BIDI.test(ch)) out += `\\u${hex(cp, 4)}`;
    else if (/\p{Cf}/u.test(ch)) {
      if (VISIBLE_FORMAT.test(ch)) out += ch;
      // A joiner between two emoji, and tag characters after one (flags of regions), belong to the emoji.
      else if (cp === 0x200d && i > 0 && i + 1 < chars.length && EMOJI.test(chars[i + 1]!) && /^(?:\p{Extended_Pictographic}|[\u{1f3fb}-\u{1f3ff}]|\ufe0f)$/u.test(chars[i - 1]!))
        out += ch;
      else if (cp >= 0xe0020 && cp <= 0xe007f && /[\p{Extended_Pictographic}\u{e0020}-\u{e007f}]/u.test(chars[i - 1] ?? '')) out += ch;
      // Anything else invisible is dropped.
    } else out += ch;
  }
  return out;
}

