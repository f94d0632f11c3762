import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { APP_EVENT, type AppEvent, type Commands, type ErrorCode, type IpcError } from '../bindings/ipc';

// A record over every code, so a code added on the Rust side fails the type check here until it is listed.
const KNOWN_CODES: Record<ErrorCode, true> = {
  invalid_input: true,
  auth_required: true,
  insufficient_scope: true,
  login_failed: true,
  invalid_link: true,
  keychain_unavailable: true,
  network: true,
  timeout: true,
  cancelled: true,
  server: true,
  not_connected: true,
  not_found: true,
  storage: true,
  permission_missing: true,
  conflict: true,
  unavailable: true,
  not_configured: true,
  update_refused: true,
  internal: true,
};
const ERROR_CODES: ReadonlySet<string> = new Set(Object.keys(KNOWN_CODES));

/** Whether a value is an `IpcError` as the Rust side sends it. */
export function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === 'string' &&
    ERROR_CODES.has(v.code) &&
    typeof v.message === 'string' &&
    (v.fix === null || v.fix === undefined || typeof v.fix === 'string')
  );
}

/** What the user sees when a rejection is not one of the core's errors (a JavaScript exception, a message from the
 * IPC layer such as "command … not found" or "invalid args `req` for command …"): its wording is an internal one, so it
 * goes to the console and the user gets plain words. */
export const INTERNAL_ERROR: IpcError = {
  code: 'internal',
  message: 'Gatehouse could not carry out this request because of a problem inside the app.',
  fix: 'Try again. If it keeps happening, restart Gatehouse and report it with the log (About → Open log folder).',
};

/** Turns anything a rejected promise may carry into an `IpcError`, so the UI always has a code to switch on. */
export function toIpcError(reason: unknown): IpcError {
  if (isIpcError(reason)) return { code: reason.code, message: reason.message, fix: reason.fix ?? null };
  console.error('Internal error (not shown to the user as is):', reason);
  return { ...INTERNAL_ERROR };
}

/** Calls a Rust command; both the request and the response are typed from the generated contract. Rejects with an
 * `IpcError`. */
export async function call<K extends keyof Commands>(name: K, req: Commands[K]['req']): Promise<Commands[K]['res']> {
  try {
    return await invoke<Commands[K]['res']>(name, { req });
  } catch (reason) {
    throw toIpcError(reason);
  }
}

/** Subscribes to the app's event stream; resolves to the function that unsubscribes. */
export function onAppEvent(handler: (event: AppEvent) => void): Promise<UnlistenFn> {
  return listen<AppEvent>(APP_EVENT, (e) => handler(e.payload));
}
