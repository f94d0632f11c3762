// Most text from servers is plain prose: markdown would render it as the same paragraphs. Recognizing it spares
// the markdown parser, which costs about a millisecond per block (a result of 1,000 blocks spent a second in it).

/** Characters that can start inline markup, escapes or entities (links, emphasis, code, HTML, `&amp;`). */
const INLINE_MARKUP = /[\\`*_[\]<>&!~|]/;
/** Lines that markdown reads as something other than a paragraph: indented code, lists, quotes, headings, rules,
 * setext underlines, fenced code (backticks and tildes are caught above); and hard line breaks (two spaces). */
const BLOCK_MARKUP = /^(?: {4}|\t| {0,3}(?:[-+*>#=]|\d{1,9}[.)]))| {2,}$/m;

/** Whether markdown would show `text` as plain paragraphs, unchanged. */
export function isPlainText(text: string): boolean {
  return !INLINE_MARKUP.test(text) && !BLOCK_MARKUP.test(text);
}

/** The paragraphs of plain text, as markdown separates them: by blank lines, each trimmed. */
export function plainParagraphs(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}
