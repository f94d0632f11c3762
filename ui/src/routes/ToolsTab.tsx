import { useDeferredValue, useId, useMemo, useState } from 'react';
import { SessionErrorNotice } from '../components/SessionErrorNotice';
import { SafeMarkdown } from '../components/SafeMarkdown';
import { ShownName } from '../components/ShownName';
import { Skeleton } from '../components/Spinner';
import { ToolCallPanel } from '../components/ToolCallPanel';
import { ToolList } from '../components/ToolList';
import { useToolDetail } from '../hooks/useToolDetail';
import { useTools } from '../hooks/useTools';
import { filterTools, indexTools, type IndexedTool } from '../lib/toolFilter';

/** `key`: the tool's key in the list (its name, or `name#2`… for a name the server sent twice). */
export type ToolSelection = { key: string; args?: Record<string, unknown>; nonce: number };

type Props = { serverId: string; selection: ToolSelection | null; onSelect: (s: ToolSelection) => void };

function annotationBadges(annotations: Record<string, unknown> | null): string[] {
  if (!annotations) return [];
  const out: string[] = [];
  if (annotations.readOnlyHint === true) out.push('read-only');
  if (annotations.destructiveHint === true) out.push('destructive');
  if (annotations.idempotentHint === true) out.push('idempotent');
  if (annotations.openWorldHint === true) out.push('open world');
  return out;
}

/** The selected tool's form: its schemas come from the core's copy of the list (the list itself has none). */
function SelectedToolForm({ serverId, entry, selection }: { serverId: string; entry: IndexedTool; selection: ToolSelection }) {
  const detail = useToolDetail(serverId, entry.tool.name, entry.occurrence);
  if (detail.error) return <SessionErrorNotice serverId={serverId} error={detail.error} />;
  if (!detail.data) return <Skeleton lines={4} />;
  return (
    <ToolCallPanel
      key={`${entry.key}:${selection.nonce}`}
      serverId={serverId}
      toolKey={entry.key}
      tool={detail.data}
      initial={selection.args}
    />
  );
}

export function ToolsTab({ serverId, selection, onSelect }: Props) {
  const tools = useTools(serverId, true);
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const index = useMemo(() => indexTools(tools.data ?? []), [tools.data]);
  const filtered = useMemo(() => filterTools(index, deferredQuery), [index, deferredQuery]);
  const selectedEntry = useMemo(() => (selection ? index.find((t) => t.key === selection.key) : undefined), [index, selection]);
  const selected = selectedEntry?.tool;
  const duplicates = useMemo(() => index.filter((t) => t.duplicateName).length, [index]);
  const filterId = useId();

  return (
    <div className="split">
      <aside className="split-list">
        <label htmlFor={filterId} className="visually-hidden">
          Filter tools
        </label>
        <input
          id={filterId}
          type="search"
          className="filter"
          placeholder={tools.data ? `Filter ${tools.data.length} tools` : 'Filter tools'}
          data-testid="tool-filter"
          value={query}
          onChange={(e) => {
            performance.mark('gatehouse:tools-filter-input');
            setQuery(e.target.value);
          }}
        />
        {tools.isPending && <Skeleton lines={6} />}
        {tools.error && <SessionErrorNotice serverId={serverId} error={tools.error} />}
        {tools.data && (
          <>
            {duplicates > 0 && (
              <p className="notice notice-warn" role="status" data-testid="tools-duplicates">
                The server sent {duplicates} {duplicates === 1 ? 'tool' : 'tools'} with a name another tool already has. They
                are numbered (#2, #3, …); calling one sends its name, and the server decides which tool runs.
              </p>
            )}
            <p className="muted count" aria-live="polite">
              {filtered.length === index.length ? `${index.length} tools` : `${filtered.length} of ${index.length}`}
            </p>
            <ToolList
              tools={filtered}
              query={deferredQuery}
              selected={selection?.key ?? null}
              onSelect={(key) => onSelect({ key, nonce: Date.now() })}
            />
          </>
        )}
      </aside>
      <section className="split-detail" aria-label="Tool">
        {!selected && <p className="muted empty">Select a tool to see its form.</p>}
        {selected && selectedEntry && selection && (
          <article className="tool-detail">
            <header>
              <h2>
                <ShownName text={selected.title ?? selected.name} />
              </h2>
              {selected.title && selected.title !== selected.name && (
                <code className="muted" data-testid="tool-raw-name">
                  <ShownName text={selected.name} />
                </code>
              )}
              {annotationBadges(selected.annotations).map((b) => (
                <span key={b} className={b === 'destructive' ? 'badge badge-warn' : 'badge'}>
                  {b}
                </span>
              ))}
            </header>
            {selected.description && <SafeMarkdown text={selected.description} />}
            <SelectedToolForm key={selectedEntry.key} serverId={serverId} entry={selectedEntry} selection={selection} />
          </article>
        )}
      </section>
    </div>
  );
}
