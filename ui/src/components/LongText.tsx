import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import { CopyButton } from './CopyButton';
import './LongText.css';

/** Each row's height in pixels; LongText.css sets the same line height, so rows need no measuring. */
export const ROW_HEIGHT = 18;
/** A line longer than this many characters continues on the next rows (a megabyte on one line would otherwise be
 * laid out as one row, which takes the window seconds). */
export const ROW_CHARS = 2000;
/** Rows laid out beyond the visible ones, above and below, so scrolling shows text at once. */
const OVERSCAN = 30;

/** The rows of `text`: one per line, a line longer than `max` characters cut into rows of `max`. The last line end
 * starts no row of its own. Joined with '\n' between lines (not between the parts of a cut line), they are `text`. */
export function textRows(text: string, max = ROW_CHARS): { rows: string[]; continued: Set<number> } {
  const rows: string[] = [];
  // Rows that carry on the line of the row before (a cut long line).
  const continued = new Set<number>();
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    if (line.length <= max) {
      rows.push(line);
      continue;
    }
    for (let at = 0; at < line.length; at += max) {
      if (at > 0) continued.add(rows.length);
      rows.push(line.slice(at, at + max));
    }
  }
  return { rows, continued };
}

/** Very long plain text (megabytes): a windowed view, where only the rows in view (and a few around them) are in
 * the page. The first screenful shows as soon as the text arrives, whatever its size, and the window stays
 * responsive; scrolling shows the rest. The browser's find cannot see rows out of view, so the whole text can be
 * copied with one button. */
export function LongText({ text }: { text: string }) {
  const { rows, continued } = useMemo(() => textRows(text), [text]);
  const parentRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is mutable by design.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    initialRect: { width: 800, height: 420 },
  });
  const lines = rows.length - continued.size;
  return (
    <div className="long-text">
      <div className="long-text-bar">
        <span className="muted">
          {lines.toLocaleString('en')} {lines === 1 ? 'line' : 'lines'}; the rows in view are shown as you scroll.
        </span>
        <CopyButton text={text} label="Copy all" testId="long-text-copy" />
      </div>
      <div
        ref={parentRef}
        className="long-text-view"
        data-testid="long-text"
        data-rows={rows.length}
        tabIndex={0}
        role="region"
        aria-label="Long text"
      >
        <pre className="long-text-body" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => (
            <span
              key={row.index}
              className={continued.has(row.index) ? 'long-text-row continued' : 'long-text-row'}
              data-row={row.index}
              style={{ transform: `translateY(${row.start}px)` }}
            >
              {rows[row.index]}
              {'\n'}
            </span>
          ))}
        </pre>
      </div>
    </div>
  );
}
