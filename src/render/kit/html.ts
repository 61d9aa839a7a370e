/*
 * HTML for the report: every piece of text from a model goes through
 * `esc`, so a title or a quote can never open a tag, close an attribute or
 * run a script; control characters (invalid in HTML) become U+FFFD.
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text as HTML: `& < > " '` as entities (safe in content and in quoted
 * attributes alike), control characters other than tab and newline replaced.
 *
 * @example
 * esc('<b>"x" & y</b>'); // '&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;'
 */
export function esc(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '\ufffd').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** An element with attributes (values escaped) around content that is already HTML. */
export function el(tag: string, attrs: Readonly<Record<string, string | number | undefined>>, ...content: string[]): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${esc(String(v))}"`)
    .join('');
  return `<${tag}${a}>${content.join('')}</${tag}>`;
}

/** A number for SVG coordinates: at most two decimals. */
export function n2(x: number): string {
  return String(Math.round(x * 100) / 100);
}
