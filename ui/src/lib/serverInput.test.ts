import { describe, expect, it } from 'vitest';
import type { ServerProfile } from '../bindings/ipc';
import { draftErrors, draftFrom, draftToInput } from './serverInput';

const stored: ServerProfile = {
  id: 's1',
  name: 'prod',
  url: 'https://mcp.example.com/mcp',
  headers: [
    { name: 'X-Tenant', value: 'acme', secret: false },
    { name: 'Authorization', value: null, secret: true },
  ],
  timeoutSecs: 30,
  oauthClientId: 'client-1',
  hasClientSecret: true,
  roots: [],
};

describe('server drafts', () => {
  it('starts a new server with a 60 s timeout and no errors once named', () => {
    const d = draftFrom(null);
    expect(d.timeoutSecs).toBe('60');
    expect(draftErrors(d)).toMatchObject({ name: expect.any(String), url: expect.any(String) });
    expect(draftErrors({ ...d, name: 'x', url: 'https://x.test/mcp' })).toEqual({});
  });

  it('keeps stored secrets by sending null, and never shows them', () => {
    const d = draftFrom(stored);
    expect(d.headers[1]).toMatchObject({ value: '', secret: true, hasStoredSecret: true });
    expect(draftErrors(d)).toEqual({});
    expect(draftToInput('s1', d)).toEqual({
      id: 's1',
      name: 'prod',
      url: 'https://mcp.example.com/mcp',
      headers: [
        { name: 'X-Tenant', value: 'acme', secret: false },
        { name: 'Authorization', value: null, secret: true },
      ],
      timeoutSecs: 30,
      oauthClientId: 'client-1',
      oauthClientSecret: null,
    });
  });

  it('sends a new secret, or an empty string to remove the stored one', () => {
    const d = draftFrom(stored);
    expect(draftToInput('s1', { ...d, oauthClientSecret: 'new' }).oauthClientSecret).toBe('new');
    expect(draftToInput('s1', { ...d, removeClientSecret: true }).oauthClientSecret).toBe('');
    const replaced = { ...d, headers: d.headers.map((h) => (h.secret ? { ...h, value: 'Bearer 2' } : h)) };
    expect(draftToInput('s1', replaced).headers[1]).toEqual({ name: 'Authorization', value: 'Bearer 2', secret: true });
  });

  it('rejects incomplete headers and bad timeouts', () => {
    const d = draftFrom(stored);
    expect(draftErrors({ ...d, timeoutSecs: '0' }).timeoutSecs).toBeDefined();
    expect(draftErrors({ ...d, headers: [...d.headers, { key: 99, name: 'X-New', value: '', secret: true, hasStoredSecret: false }] }).headers).toBeDefined();
    expect(draftErrors({ ...d, url: 'ftp://x' }).url).toBeDefined();
  });
});
