import type { IpcError, NotificationKind, ServerNotificationEntry } from '../bindings/ipc';
import { progressGroup } from './notificationDisplay';
import { createStore } from './store';

export type NotificationEntry = {
  id: number;
  kind: NotificationKind;
  level: string | null;
  params: unknown;
  at: number;
  /** How many notifications this entry stands for (the core merges repeated list changes; a call's progress
   * notifications are one entry). */
  repeats: number;
  /** Set for progress: entries with the same group (one call's progress token) are kept as one, the latest. */
  group?: string;
};

export type Progress = { progress: number; total: number | null; message: string | null };

export type Toast = { id: number; tone: 'error' | 'info'; title: string; error: IpcError | null; testId?: string };

/** A server's login: waiting for the browser (with the address to open by hand, and why the browser did not open),
 * or ended with `error`. */
export type LoginState = {
  waiting: boolean;
  authorizationUrl: string | null;
  browserError: IpcError | null;
  error: IpcError | null;
};

export type AppState = {
  login: Record<string, LoginState>;
  notifications: Record<string, NotificationEntry[]>;
  /** Per server: notifications the core or this history left out because the server sent too many. */
  notificationsDropped: Record<string, number>;
  progress: Record<string, Progress>;
  toasts: Toast[];
};

export const MAX_NOTIFICATIONS = 500;

export const appState = createStore<AppState>({ login: {}, notifications: {}, notificationsDropped: {}, progress: {}, toasts: [] });

function without<V>(record: Record<string, V>, key: string): Record<string, V> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

let nextId = 1;
export function newId(): number {
  return nextId++;
}

export function setLogin(serverId: string, login: LoginState | null): void {
  appState.set((s) => {
    const next = login ? { ...s.login, [serverId]: login } : without(s.login, serverId);
    return { ...s, login: next };
  });
}

/** Adds one batch of a server's notifications (oldest first) in one update; the history keeps the newest
 * {@link MAX_NOTIFICATIONS}. A call's progress notifications update that call's one entry in place (it does not
 * move), so progress neither floods the list nor the count. `dropped`: how many the core left out of the batch. */
export function addNotifications(serverId: string, entries: readonly ServerNotificationEntry[], dropped: number): void {
  appState.set((s) => {
    const list = [...(s.notifications[serverId] ?? [])];
    const groups = new Map<string, number>();
    list.forEach((n, i) => {
      if (n.group) groups.set(n.group, i);
    });
    const added: NotificationEntry[] = [];
    for (const e of entries) {
      const group = progressGroup(e.notificationKind, e.params);
      const at = group ? groups.get(group) : undefined;
      if (group && at !== undefined) {
        // Earlier in this batch (index into `added`, stored negative) or already in the list.
        const target = at < 0 ? added[-at - 1] : list[at];
        if (target) {
          const merged = { ...target, params: e.params, at: e.at, repeats: target.repeats + e.repeats };
          if (at < 0) added[-at - 1] = merged;
          else list[at] = merged;
          continue;
        }
      }
      added.push({ id: newId(), kind: e.notificationKind, level: e.level, params: e.params, at: e.at, repeats: e.repeats, group });
      if (group) groups.set(group, -added.length);
    }
    const next = [...added.reverse(), ...list].slice(0, MAX_NOTIFICATIONS);
    return {
      ...s,
      notifications: { ...s.notifications, [serverId]: next },
      notificationsDropped: dropped
        ? { ...s.notificationsDropped, [serverId]: (s.notificationsDropped[serverId] ?? 0) + dropped }
        : s.notificationsDropped,
    };
  });
}

export function clearNotifications(serverId: string): void {
  appState.set((s) => ({
    ...s,
    notifications: { ...s.notifications, [serverId]: [] },
    notificationsDropped: { ...s.notificationsDropped, [serverId]: 0 },
  }));
}

/** Calls this window started and has not seen settle; progress for anything else is dropped (late events). */
const activeCalls = new Set<string>();

export function beginCall(callId: string): void {
  activeCalls.add(callId);
}

export function endCall(callId: string): void {
  activeCalls.delete(callId);
  appState.set((s) => (callId in s.progress ? { ...s, progress: without(s.progress, callId) } : s));
}

export function setProgress(callId: string, progress: Progress): void {
  if (!activeCalls.has(callId)) return;
  appState.set((s) => ({ ...s, progress: { ...s.progress, [callId]: progress } }));
}

export function pushToast(toast: Omit<Toast, 'id'>): void {
  appState.set((s) => ({ ...s, toasts: [...s.toasts, { ...toast, id: newId() }].slice(-5) }));
}

export function dismissToast(id: number): void {
  appState.set((s) => ({ ...s, toasts: s.toasts.filter((t) => t.id !== id) }));
}
