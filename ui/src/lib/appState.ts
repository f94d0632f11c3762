import type { IpcError, NotificationKind, ServerNotificationEntry } from '../bindings/ipc';
import { createStore } from './store';

export type NotificationEntry = {
  id: number;
  kind: NotificationKind;
  level: string | null;
  params: unknown;
  at: number;
  /** How many notifications this entry stands for (the core merges repeated list changes). */
  repeats: number;
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
 * {@link MAX_NOTIFICATIONS}. `dropped`: how many the core left out of the batch (a flooding server). */
export function addNotifications(serverId: string, entries: readonly ServerNotificationEntry[], dropped: number): void {
  appState.set((s) => {
    const added: NotificationEntry[] = entries
      .map((e) => ({ id: newId(), kind: e.notificationKind, level: e.level, params: e.params, at: e.at, repeats: e.repeats }))
      .reverse();
    const list = [...added, ...(s.notifications[serverId] ?? [])].slice(0, MAX_NOTIFICATIONS);
    return {
      ...s,
      notifications: { ...s.notifications, [serverId]: list },
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
