import { memo, useDeferredValue, useState } from 'react';
import { JsonDisclosure } from '../components/JsonView';
import { useNotifications } from '../hooks/useNotifications';
import { appState, clearNotifications, MAX_NOTIFICATIONS, type NotificationEntry } from '../lib/appState';
import { formatTime } from '../lib/format';
import { useStore } from '../lib/store';

/** One line of the params: a log message's `data` when it is text, else compact JSON. */
function preview(params: unknown): string {
  const data = typeof params === 'object' && params !== null ? (params as Record<string, unknown>).data : undefined;
  const text = typeof data === 'string' ? data : JSON.stringify(params ?? null);
  return text.length > 140 ? `${text.slice(0, 140)}…` : text;
}

/** Rows shown until the user asks for all: bounds what opening the tab costs during a flood. */
const SHOWN_AT_FIRST = 100;

/** A row renders once: a new batch adds rows without re-rendering the ones already shown. */
const NotificationRow = memo(function NotificationRow({ entry }: { entry: NotificationEntry }) {
  return (
    <li className="feed-item">
      <JsonDisclosure
        value={entry.params}
        summary={
          <>
            <span className="badge">{entry.kind}</span>
            {entry.repeats > 1 && (
              <span className="badge" title="The server sent this many in a row; they are shown as one.">
                ×{entry.repeats}
              </span>
            )}
            {entry.level && <span className={`badge level-${entry.level}`}>{entry.level}</span>}
            <time dateTime={new Date(entry.at).toISOString()} className="muted">
              {formatTime(entry.at)}
            </time>
            <span className="feed-preview">{preview(entry.params)}</span>
          </>
        }
      />
    </li>
  );
});

export function NotificationsTab({ serverId }: { serverId: string }) {
  // During a flood a batch arrives every 200 ms: the rows render at low priority, so a click (an urgent update)
  // interrupts that work instead of waiting for it.
  const list = useDeferredValue(useNotifications(serverId));
  const dropped = useStore(appState, (s) => s.notificationsDropped[serverId] ?? 0);
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? list : list.slice(0, SHOWN_AT_FIRST);
  return (
    <div className="panel">
      <div className="toolbar">
        <span className="muted">
          {list.length} notification{list.length === 1 ? '' : 's'} (newest first, last {MAX_NOTIFICATIONS} kept)
        </span>
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => clearNotifications(serverId)} disabled={list.length === 0 && dropped === 0}>
          Clear
        </button>
      </div>
      {dropped > 0 && (
        <p className="notice notice-info" role="status" data-testid="notifications-dropped">
          The server sent notifications faster than they can be shown: {dropped.toLocaleString('en')} were left out.
        </p>
      )}
      {list.length === 0 && <p className="muted empty">Notifications from the server appear here as they arrive.</p>}
      <ol className="feed">
        {shown.map((n) => (
          <NotificationRow key={n.id} entry={n} />
        ))}
      </ol>
      {shown.length < list.length && (
        <button type="button" className="btn" data-testid="notifications-show-all" onClick={() => setShowAll(true)}>
          Show all {list.length}
        </button>
      )}
    </div>
  );
}
