import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { IndexedTool } from '../lib/toolFilter';
import { Highlighted } from './Highlighted';
import { ShownName } from './ShownName';
import './ToolList.css';

type Props = {
  tools: readonly IndexedTool[];
  /** The selected tool's key (see {@link IndexedTool}). */
  selected: string | null;
  onSelect: (key: string) => void;
  /** The filter this list shows the result of ('' for all). */
  query: string;
};

const ROW_HEIGHT = 52;

/** A virtualised list: only the rows in view exist in the DOM, so 5,000 tools cost what 20 do. */
export function ToolList({ tools, selected, onSelect, query }: Props) {
  const parentRef = useRef<HTMLDivElement>(null);
  // The filter's terms, marked where they match in each row.
  const terms = useMemo(() => query.toLowerCase().split(/\s+/).filter(Boolean), [query]);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is mutable by design.
  const virtualizer = useVirtualizer({
    count: tools.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 300, height: 600 },
  });

  // Benchmark marks: the first render of the list, then each render of a new filter's result.
  const markedQuery = useRef<string | null>(null);
  useEffect(() => {
    if (markedQuery.current === null) performance.mark('gatehouse:tools-rendered');
    else if (markedQuery.current !== query) performance.mark('gatehouse:tools-filtered');
    markedQuery.current = query;
  }, [tools, query]);

  const focusRow = (index: number) => {
    const clamped = Math.max(0, Math.min(tools.length - 1, index));
    virtualizer.scrollToIndex(clamped);
    requestAnimationFrame(() => {
      parentRef.current?.querySelector<HTMLButtonElement>(`[data-index="${clamped}"]`)?.focus();
    });
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const current = Number((document.activeElement as HTMLElement | null)?.dataset.index ?? -1);
    if (e.key === 'ArrowDown') focusRow(current + 1);
    else if (e.key === 'ArrowUp') focusRow(current - 1);
    else if (e.key === 'Home') focusRow(0);
    else if (e.key === 'End') focusRow(tools.length - 1);
    else return;
    e.preventDefault();
  };

  if (tools.length === 0) return <p className="muted empty">{query ? 'No tool matches the filter.' : 'This server has no tools.'}</p>;

  return (
    <div ref={parentRef} className="virtual-list" onKeyDown={onKeyDown} role="list" aria-label="Tools">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((row) => {
          const entry = tools[row.index];
          if (!entry) return null;
          const { tool, key } = entry;
          return (
            <div
              key={key}
              role="listitem"
              className="virtual-row"
              style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
            >
              <button
                type="button"
                data-index={row.index}
                data-testid={`tool-item-${key}`}
                className={key === selected ? 'list-item selected' : 'list-item'}
                aria-current={key === selected ? 'true' : undefined}
                onClick={() => onSelect(key)}
              >
                <span className="list-item-title">
                  <ShownName text={tool.title ?? tool.name} highlight={terms} />
                  {entry.duplicateName && (
                    <span className="badge badge-warn" title="Another tool of this server has the same name.">
                      duplicate name
                    </span>
                  )}
                  {entry.looksLikeAnother && !entry.duplicateName && (
                    <span className="badge badge-warn" data-testid="looks-like-another" title="Another tool of this server shows the same name.">
                      looks like another
                    </span>
                  )}
                </span>
                <span className="list-item-sub">
                  {tool.title ? <ShownName text={tool.name} highlight={terms} /> : <Highlighted text={tool.description ?? ''} terms={terms} />}
                </span>
              </button>
            </div>
          );
        })}
      </div>
    </div>
  );
}
