import { openUrl } from '@tauri-apps/plugin-opener';
import { pushToast } from './appState';
import { toIpcError } from './ipc';

// Matches capabilities/main-window.json, which lets the opener open http(s) URLs only.
const SAFE_SCHEMES = new Set(['http:', 'https:']);

/** The URL if it is one we let the system open (http, https), else null. */
export function safeExternalUrl(href: string | null | undefined): string | null {
  if (!href) return null;
  try {
    const url = new URL(href);
    return SAFE_SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** Opens a link in the system browser; the webview itself never navigates away. */
export async function openExternal(href: string): Promise<void> {
  const url = safeExternalUrl(href);
  if (!url) return;
  try {
    await openUrl(url);
  } catch (e) {
    pushToast({ tone: 'error', title: 'Could not open the link', error: toIpcError(e) });
  }
}
