import { appState, type NotificationEntry } from '../lib/appState';
import { useStore } from '../lib/store';

const EMPTY: NotificationEntry[] = [];

export function useNotifications(serverId: string): NotificationEntry[] {
  return useStore(appState, (s) => s.notifications[serverId] ?? EMPTY);
}
