import { appState } from '../lib/appState';
import { useStore } from '../lib/store';

/** The notification count on the tab. It subscribes on its own, so a flood of notifications re-renders this badge
 * and not the explorer around it. */
export function NotificationBadge({ serverId }: { serverId: string }) {
  const count = useStore(appState, (s) => s.notifications[serverId]?.length ?? 0);
  if (count === 0) return null;
  return (
    <span className="tab-badge" data-testid="notification-count">
      {count > 99 ? '99+' : count}
    </span>
  );
}
