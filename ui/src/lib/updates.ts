import type { QueryClient } from '@tanstack/react-query';
import type { AppEvent, UpdatePhase, UpdateStatus } from '../bindings/ipc';
import { pushToast } from './appState';
import { call, toIpcError } from './ipc';
import { keys } from './queryKeys';
import { createStore } from './store';

/** Whether the About box is open (the menu opens it, as does Check for Updates). */
export const aboutBox = createStore<{ open: boolean }>({ open: false });

export function openAbout(): void {
  aboutBox.set(() => ({ open: true }));
}

export function closeAbout(): void {
  aboutBox.set(() => ({ open: false }));
}

/** The newest status wins: events and command replies both land in the one query. */
export function storeStatus(client: QueryClient, status: UpdateStatus): void {
  client.setQueryData(keys.updateStatus, status);
}

/** Runs an update command and stores the status it returns; a refusal becomes a toast. */
export async function runUpdateCommand(
  client: QueryClient,
  name: 'update_check' | 'update_download',
): Promise<void> {
  try {
    storeStatus(client, await call(name, null));
  } catch (e) {
    pushToast({ tone: 'error', title: 'Updates', error: toIpcError(e), testId: 'update-error' });
  }
}

/** Routes the core's update and menu events; returns false for any other event. */
export function handleUpdateEvent(client: QueryClient, event: AppEvent): boolean {
  if (event.kind === 'update_status_changed') {
    storeStatus(client, event.status);
    return true;
  }
  if (event.kind === 'menu_action') {
    openAbout();
    if (event.action === 'check_for_updates') {
      const status = client.getQueryData<UpdateStatus>(keys.updateStatus);
      if (!status || status.route === 'in_app') void runUpdateCommand(client, 'update_check');
    }
    return true;
  }
  return false;
}

/** A short line saying where updating stands, for the About box. */
export function describeUpdates(status: UpdateStatus): string {
  if (status.route === 'package_manager') {
    return 'Your package manager (apt or dnf) keeps Gatehouse up to date.';
  }
  if (status.route === 'development') return 'This is a development build; it is not updated.';
  return describePhase(status.phase);
}

function describePhase(phase: UpdatePhase): string {
  switch (phase.state) {
    case 'idle':
      return 'Not checked for updates since Gatehouse started.';
    case 'checking':
      return 'Checking for updates…';
    case 'up_to_date':
      return 'Gatehouse is up to date.';
    case 'available':
      return `Gatehouse ${phase.update.version} is available.`;
    case 'downloading':
      return `Downloading Gatehouse ${phase.update.version}…`;
    case 'ready':
      return `Gatehouse ${phase.update.version} is downloaded and verified; restart to install it.`;
    case 'installing':
      return `Installing Gatehouse ${phase.update.version}…`;
    case 'failed':
      return phase.error.message;
  }
}

/** Download progress in percent, or null when the size is unknown. */
export function percent(downloaded: number, total: number | null): number | null {
  if (!total || total <= 0) return null;
  return Math.min(100, Math.round((downloaded / total) * 100));
}
