import type { HeaderInput, ServerProfile, ServerProfileInput } from '../bindings/ipc';
import { newHeaderRow, type HeaderRow } from '../components/HeaderRows';

export type ServerDraft = {
  name: string;
  url: string;
  timeoutSecs: string;
  headers: HeaderRow[];
  oauthClientId: string;
  /** Typed new secret; empty keeps the stored one. */
  oauthClientSecret: string;
  removeClientSecret: boolean;
  hasClientSecret: boolean;
};

export const DEFAULT_TIMEOUT_SECS = 60;

export function draftFrom(profile: ServerProfile | null): ServerDraft {
  return {
    name: profile?.name ?? '',
    url: profile?.url ?? '',
    timeoutSecs: String(profile?.timeoutSecs ?? DEFAULT_TIMEOUT_SECS),
    headers: (profile?.headers ?? []).map((h): HeaderRow => ({
      ...newHeaderRow(),
      name: h.name,
      value: h.secret ? '' : (h.value ?? ''),
      secret: h.secret,
      hasStoredSecret: h.secret,
    })),
    oauthClientId: profile?.oauthClientId ?? '',
    oauthClientSecret: '',
    removeClientSecret: false,
    hasClientSecret: profile?.hasClientSecret ?? false,
  };
}

/** Problems that keep the form from saving, by field. */
export function draftErrors(d: ServerDraft): Partial<Record<'name' | 'url' | 'timeoutSecs' | 'headers', string>> {
  const errors: Partial<Record<'name' | 'url' | 'timeoutSecs' | 'headers', string>> = {};
  if (!d.name.trim()) errors.name = 'Give the server a name.';
  try {
    const u = new URL(d.url.trim());
    if (u.protocol !== 'https:' && u.protocol !== 'http:') errors.url = 'Use an http(s) URL.';
  } catch {
    errors.url = 'Enter the full URL of the MCP endpoint, e.g. https://mcp.example.com/mcp.';
  }
  const t = Number(d.timeoutSecs);
  if (!Number.isInteger(t) || t < 1 || t > 3600) errors.timeoutSecs = 'Between 1 and 3600 seconds.';
  if (d.headers.some((h) => !h.name.trim())) errors.headers = 'Every header needs a name.';
  else if (d.headers.some((h) => !h.secret && h.value === '')) errors.headers = 'Every header needs a value.';
  else if (d.headers.some((h) => h.secret && !h.hasStoredSecret && h.value === '')) {
    errors.headers = 'Enter a value for each new secret header.';
  }
  return errors;
}

/** The save request; secrets left empty are sent as null, which keeps the stored value. */
export function draftToInput(id: string | null, d: ServerDraft): ServerProfileInput {
  const headers: HeaderInput[] = d.headers.map((h) => ({
    name: h.name.trim(),
    value: h.secret && h.hasStoredSecret && h.value === '' ? null : h.value,
    secret: h.secret,
  }));
  const clientId = d.oauthClientId.trim();
  let oauthClientSecret: string | null = null;
  if (d.removeClientSecret || !clientId) oauthClientSecret = d.hasClientSecret ? '' : null;
  else if (d.oauthClientSecret !== '') oauthClientSecret = d.oauthClientSecret;
  return {
    id,
    name: d.name.trim(),
    url: d.url.trim(),
    headers,
    timeoutSecs: Number(d.timeoutSecs),
    oauthClientId: clientId || null,
    oauthClientSecret,
  };
}
