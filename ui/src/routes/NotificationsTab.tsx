import { memo, useDeferredValue, useId, useMemo, useState } from 'react';
import { JsonDisclosure } from '../components/JsonView';
import { useNotifications } from '../hooks/useNotifications';
import { appState, clearNotifications, MAX_NOTIFICATIONS, type NotificationEntry } from '../lib/appState';
import { formatTime } from '../lib/format';
import { KIND_NAMES, LEVELS, levelRank, notificationPreview } from '../lib/notificationDisplay';
import { useStore } from '../lib/store';
import type { NotificationKind } from '../bindings/ipc';
import './NotificationsTab.css';

/** Rows shown until the user asks for all: bounds what opening the tab costs during a flood. */
const SHOWN_AT_FIRST = 100;

/** A row renders once: a new batch adds rows without re-rendering the ones already shown. */
const NotificationRow = memo(function NotificationRow({ entry }: { entry: NotificationEntry }) {
  const preview = notificationPreview(entry.kind, entry.params);
  const isProgress = entry.group !== undefined;
  return (
    <li className="feed-item" data-testid="notification-row" data-kind={entry.kind}>
      <JsonDisclosure
        value={entry.params}
        summary={
          <>
            <span className="badge">{KIND_NAMES[entry.kind]}</span>
            {entry.repeats > 1 && (
              <span
                className="badge"
                title={isProgress ? 'Progress updates of one call, shown as one row with the latest.' : 'The server sent this many in a row; they are shown as one.'}
              >
                {isProgress ? `${entry.repeats} updates` : `×${entry.repeats}`}
              </span>
            )}
            {entry.level && <span className={`badge level-${entry.level}`}>{entry.level}</span>}
            <time dateTime={new Date(entry.at).toISOString()} className="muted">
              {formatTime(entry.at)}
            </time>
            {preview && <span className="feed-preview">{preview}</span>}
          </>
        }
      />
    </li>
  );
});

type Filter = { kind: NotificationKind | 'all'; minLevel: string };

function matches(entry: NotificationEntry, filter: Filter): boolean {
  if (filter.kind !== 'all' && entry.kind !== filter.kind) return false;
  if (filter.minLevel === 'all') return true;
  return entry.level !== null && levelRank(entry.level) >= levelRank(filter.minLevel);
}

export function NotificationsTab({ serverId }: { serverId: string }) {
  // During a flood a batch arrives every 200 ms: the rows render at low priority, so a click (an urgent update)
  // interrupts that work instead of waiting for it.
  const list = useDeferredValue(useNotifications(serverId));
  const dropped = useStore(appState, (s) => s.notificationsDropped[serverId] ?? 0);
  const [showAll, setShowAll] = useState(false);
  const [filter, setFilter] = useState<Filter>({ kind: 'all', minLevel: 'all' });
  // While the pointer is over the list it holds still: what arrives meanwhile waits behind "N new".
  const [held, setHeld] = useState<NotificationEntry[] | null>(null);
  const kindId = useId();
  const levelId = useId();

  const kinds = useMemo(() => [...new Set(list.map((n) => n.kind))], [list]);
  const source = held ?? list;
  const waiting = useMemo(() => {
    if (!held) return 0;
    const shownIds = new Set(held.map((n) => n.id));
    return list.filter((n) => !shownIds.has(n.id) && matches(n, filter)).length;
  }, [held, list, filter]);
  const filtered = useMemo(() => source.filter((n) => matches(n, filter)), [source, filter]);
  const shown = showAll ? filtered : filtered.slice(0, SHOWN_AT_FIRST);
  const filtering = filter.kind !== 'all' || filter.minLevel !== 'all';

  return (
    <div className="panel notifications">
      <div className="toolbar notifications-toolbar">
        <span className="muted" data-testid="notifications-count">
          {filtering ? `${filtered.length} of ${source.length}` : source.length} notification{source.length === 1 ? '' : 's'} (newest first,
          last {MAX_NOTIFICATIONS} kept)
        </span>
        {/* In the toolbar, so that it appearing moves no row under the pointer. */}
        {waiting > 0 && (
          <button type="button" className="btn btn-small" data-testid="notifications-new" onClick={() => setHeld(list)}>
            {waiting} new — show
          </button>
        )}
        <span className="spacer" />
        <label htmlFor={kindId} className="muted">
          Kind
        </label>
        <select
          id={kindId}
          data-testid="notifications-kind"
          value={filter.kind}
          onChange={(e) => setFilter((f) => ({ ...f, kind: e.target.value as Filter['kind'] }))}
        >
          <option value="all">All kinds</option>
          {(Object.keys(KIND_NAMES) as NotificationKind[])
            .filter((k) => kinds.includes(k) || k === filter.kind)
            .map((k) => (
              <option key={k} value={k}>
                {KIND_NAMES[k]}
              </option>
            ))}
        </select>
        <label htmlFor={levelId} className="muted">
          Level
        </label>
        <select
          id={levelId}
          data-testid="notifications-level"
          value={filter.minLevel}
          onChange={(e) => setFilter((f) => ({ ...f, minLevel: e.target.value }))}
        >
          <option value="all">Any level</option>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {l === 'emergency' ? l : `${l} and above`}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn"
          onClick={() => {
            clearNotifications(serverId);
            setHeld(null);
          }}
          disabled={list.length === 0 && dropped === 0}
        >
          Clear
        </button>
      </div>
      {dropped > 0 && (
        <p className="notice notice-info" role="status" data-testid="notifications-dropped">
          The server sent notifications faster than they can be shown: {dropped.toLocaleString('en')} were left out.
        </p>
      )}
      {list.length === 0 && <p className="muted empty">Notifications from the server appear here as they arrive.</p>}
      {list.length > 0 && filtered.length === 0 && <p className="muted empty">No notification matches the filter.</p>}
      <ol
        className="feed"
        data-testid="notifications-list"
        data-held={held ? 'true' : undefined}
        onPointerEnter={() => setHeld(list)}
        onPointerLeave={() => setHeld(null)}
      >
        {shown.map((n) => (
          <NotificationRow key={n.id} entry={n} />
        ))}
      </ol>
      {shown.length < filtered.length && (
        <button type="button" className="btn" data-testid="notifications-show-all" onClick={() => setShowAll(true)}>
          Show all {filtered.length}
        </button>
      )}
    </div>
  );
}
