import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { IpcError, ResourceSubscriptions } from '../bindings/ipc';
import { useNotifications } from '../hooks/useNotifications';
import { formatTime } from '../lib/format';
import { call, toIpcError } from '../lib/ipc';
import { keys } from '../lib/queryKeys';
import { ErrorNotice } from './ErrorNotice';

type Props = { serverId: string; uri: string; onUpdated: () => void };

/**
 * Subscribe to a resource and watch it change: each `notifications/resources/updated` for it reads it again.
 * (`resources/subscribe` on 2025-11-25, `subscriptions/listen` from 2026-07-28; the core picks.)
 */
export function ResourceFollow({ serverId, uri, onUpdated }: Props) {
  const client = useQueryClient();
  const subscriptions = useQuery({
    queryKey: keys.subscriptions(serverId),
    queryFn: () => call('resource_subscriptions', { serverId }),
  });
  // A mocked or older core may answer without the list: nothing is followed then.
  const following = Array.isArray(subscriptions.data?.uris) && subscriptions.data.uris.includes(uri);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const notifications = useNotifications(serverId);
  const updates = useMemo(
    () =>
      notifications.filter(
        (n) =>
          n.kind === 'resource_updated' &&
          typeof n.params === 'object' &&
          n.params !== null &&
          (n.params as { uri?: unknown }).uri === uri,
      ),
    [notifications, uri],
  );
  const latest = updates[0]?.at;
  useEffect(() => {
    if (following && latest !== undefined) onUpdated();
    // Only a new update reads again, not a change of the callback.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [latest, following]);

  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      const next: ResourceSubscriptions = await call(following ? 'resource_unsubscribe' : 'resource_subscribe', { serverId, uri });
      client.setQueryData(keys.subscriptions(serverId), next);
    } catch (e) {
      setError(toIpcError(e));
    } finally {
      setBusy(false);
      void client.invalidateQueries({ queryKey: keys.exchanges(serverId) });
    }
  };

  return (
    <div className="resource-follow" data-testid="resource-follow" data-following={following}>
      <button type="button" className="btn" data-testid="resource-subscribe" disabled={busy} onClick={() => void toggle()}>
        {following ? 'Unsubscribe' : 'Subscribe to updates'}
      </button>
      {following && (
        <span className="muted" data-testid="resource-updates" aria-live="polite">
          {' '}
          Following · {updates.length === 0 ? 'no update yet' : `${updates.length} update${updates.length === 1 ? '' : 's'}, last at ${formatTime(latest ?? 0)}`}
        </span>
      )}
      {error && <ErrorNotice error={error} title="Could not change the subscription" />}
    </div>
  );
}
