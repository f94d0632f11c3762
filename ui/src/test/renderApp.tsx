import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { act, cleanup, render } from '@testing-library/react';
import { emit } from '@tauri-apps/api/event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { App } from '../App';
import { APP_EVENT, type AppEvent } from '../bindings/ipc';
import { appState } from '../lib/appState';
import { provisionRuns } from '../lib/provisionRuns';
import { createQueryClient } from '../lib/queryClient';
import { resetDraft } from '../lib/setupDraft';

export type Call = { cmd: string; req: unknown };
export type Handler = (cmd: string, req: unknown) => unknown;

/** Renders the whole app against a fake core; every command is recorded with its request. */
export function renderApp(handler: Handler): { calls: Call[]; client: QueryClient } {
  const calls: Call[] = [];
  mockIPC(
    (cmd, args) => {
      const req = (args as { req?: unknown } | undefined)?.req ?? null;
      calls.push({ cmd, req });
      return handler(cmd, req);
    },
    { shouldMockEvents: true },
  );
  const client = createQueryClient();
  render(
    <QueryClientProvider client={client}>
      <App />
    </QueryClientProvider>,
  );
  return { calls, client };
}

/** Sends an event from the fake core. */
export async function sendEvent(event: AppEvent): Promise<void> {
  await act(async () => {
    await emit(APP_EVENT, event);
  });
}

/** The app's in-memory stores outlive a render; tests start each from empty. */
export function resetAppStores(): void {
  resetDraft();
  provisionRuns.set(() => ({ setup: {}, teardown: {} }));
  appState.set(() => ({ login: {}, notifications: {}, notificationsDropped: {}, progress: {}, toasts: [] }));
}

/** What every test file that renders the app or its explorer needs: elements with a size (a virtual list renders no
 * rows in a box of 0 × 0), empty stores at each test's start, and an unmount (which unlistens) while the IPC mocks
 * still exist. Call it at the top of the file. */
export function appTestLifecycle(): void {
  beforeAll(() => {
    vi.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(300);
  });
  beforeEach(() => resetAppStores());
  afterEach(() => {
    cleanup();
    clearMocks();
  });
}

/** A promise the test settles when it wants to. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
