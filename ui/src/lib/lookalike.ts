// Names and URIs a server sends can be made to look like others: zero-width characters, bidi
// controls that reorder what follows (`invoice\u202Efdp.exe` shows as `invoiceexe.pdf`), or letters
// from another script (Cyrillic `е` in `rеad_file`). These helpers find such characters so the UI can
// show them instead of letting them pass unseen.

/** Characters that reorder the text around them. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** Characters that show as nothing (or as a space) but are not whitespace to the eye, and control characters. */
/* eslint-disable no-control-regex, no-misleading-character-class -- control and combining characters are what these look for. */
const INVISIBLE =
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200D\u2028\u2029\u2060-\u2065\u206A-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF9-\uFFFB\u{E0000}-\u{E007F}\u{1D173}-\u{1D17A}]/u;
const HIDDEN_GLOBAL = new RegExp(`${BIDI.source}|${INVISIBLE.source}`, 'gu');
/* eslint-enable no-control-regex, no-misleading-character-class */

/** Scripts whose letters pass for one another; a name mixing two of them is marked. */
const SCRIPTS: [name: string, test: RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
  ['Coptic', /\p{Script=Coptic}/u],
  ['Georgian', /\p{Script=Georgian}/u],
];

export type NameIssue = 'invisible' | 'bidi' | 'mixed-script';

export type NamePart = { text: string; hidden: false } | { text: string; hidden: true; codePoint: string; bidi: boolean };

function codePointLabel(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The scripts (of those that look alike) the letters of `text` come from. */
export function lookalikeScripts(text: string): string[] {
  const found = new Set<string>();
  for (const ch of text) {
    if (!/\p{L}/u.test(ch)) continue;
    const script = SCRIPTS.find(([, test]) => test.test(ch));
    if (script) found.add(script[0]);
  }
  return [...found];
}

/** What is wrong with a name, if anything: hidden characters, reordering, letters of more than one script. */
export function nameIssues(text: string): NameIssue[] {
  const issues: NameIssue[] = [];
  if (INVISIBLE.test(text)) issues.push('invisible');
  if (BIDI.test(text)) issues.push('bidi');
  if (lookalikeScripts(text).length > 1) issues.push('mixed-script');
  return issues;
}

/** `text` split into plain runs and the hidden characters between them, each to be shown as its code point. */
export function revealHidden(text: string): NamePart[] {
  const parts: NamePart[] = [];
  let last = 0;
  for (const m of text.matchAll(HIDDEN_GLOBAL)) {
    const index = m.index;
    if (index > last) parts.push({ text: text.slice(last, index), hidden: false });
    parts.push({ text: m[0], hidden: true, codePoint: codePointLabel(m[0]), bidi: BIDI.test(m[0]) });
    last = index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), hidden: false });
  return parts;
}

/** Hidden and reordering characters written as `\uXXXX` escapes: for JSON views, where the escape is valid JSON. */
export function escapeHidden(json: string): string {
  return json.replace(HIDDEN_GLOBAL, (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
    // Outside the BMP: the surrogate pair, as JSON writes it.
    const offset = code - 0x10000;
    const high = 0xd800 + (offset >> 10);
    const low = 0xdc00 + (offset & 0x3ff);
    return `\\u${high.toString(16)}\\u${low.toString(16)}`;
  });
}

/** A name reduced to what the eye sees (hidden characters removed, case folded), to find names that look the same. */
export function visibleForm(text: string): string {
  return text.replace(HIDDEN_GLOBAL, '').normalize('NFKC').toLowerCase();
}

const ISSUE_WORDS: Record<NameIssue, string> = {
  invisible: 'invisible characters',
  bidi: 'characters that reorder text',
  'mixed-script': 'letters from more than one alphabet',
};

/** A sentence for the user: why a name is marked. */
export function describeIssues(issues: readonly NameIssue[], text: string): string {
  const words = issues.map((i) => (i === 'mixed-script' ? `${ISSUE_WORDS[i]} (${lookalikeScripts(text).join(', ')})` : ISSUE_WORDS[i]));
  return `This name contains ${words.join(' and ')}; it may be made to look like another.`;
}
