import { useMemo } from 'react';
import { useProgressiveCount } from '../hooks/useProgressiveCount';

/** Pieces of about this many characters, cut at line ends: one is laid out per task. */
const PIECE = 256 * 1024;

/** Cuts `text` into pieces of about `size` characters, each ending at a line end where there is one. */
export function textPieces(text: string, size = PIECE): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) {
      const newline = text.lastIndexOf('\n', end);
      if (newline > start) end = newline + 1;
    }
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

/** Very long plain text (megabytes): the first piece at once, the rest appended in pieces, so the window stays
 * responsive while it is laid out. The pieces join seamlessly in one `<pre>` (copying and finding work as usual). */
export function LongText({ text }: { text: string }) {
  const pieces = useMemo(() => textPieces(text), [text]);
  const shown = useProgressiveCount(pieces, pieces.length, 1, 1);
  return (
    <pre className="resource-text" data-rendering={shown < pieces.length ? 'true' : undefined}>
      {pieces.slice(0, shown).map((piece, i) => (
        <span key={i}>{piece}</span>
      ))}
    </pre>
  );
}
