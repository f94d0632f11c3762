import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { call, INTERNAL_ERROR, isIpcError, toIpcError } from './ipc';

afterEach(() => clearMocks());

describe('call', () => {
  it('passes the request as { req } and returns the response', async () => {
    let seen: unknown;
    mockIPC((cmd, args) => {
      seen = { cmd, args };
      return [{ id: 's1', name: 'one' }];
    });
    const res = await call('servers_list', null);
    expect(seen).toEqual({ cmd: 'servers_list', args: { req: null } });
    expect(res).toEqual([{ id: 's1', name: 'one' }]);
  });

  it('rejects with the IpcError the core sent', async () => {
    mockIPC(() => {
      throw { code: 'timeout', message: 'The server took too long.', fix: 'Raise the timeout.' };
    });
    await expect(call('server_connect', { serverId: 's1' })).rejects.toEqual({
      code: 'timeout',
      message: 'The server took too long.',
      fix: 'Raise the timeout.',
    });
  });

  it('wraps a non-IpcError rejection as internal, in plain words', async () => {
    mockIPC(() => {
      throw 'invalid args `req` for command `server_connect`: missing field `serverId`';
    });
    const err: unknown = await call('server_connect', { serverId: 's1' }).catch((e: unknown) => e);
    expect(isIpcError(err)).toBe(true);
    expect(err).toEqual(INTERNAL_ERROR);
    const shown = JSON.stringify(err);
    for (const internal of ['`', '::', 'invalid args', 'serverId', 'command']) expect(shown).not.toContain(internal);
  });
});

describe('toIpcError', () => {
  it('keeps known codes and rejects unknown ones', () => {
    expect(toIpcError({ code: 'network', message: 'down', fix: null }).code).toBe('network');
    expect(toIpcError({ code: 'bogus', message: 'x', fix: null }).code).toBe('internal');
    expect(toIpcError({ code: 'permission_missing', message: 'no', fix: 'Add it.' })).toEqual({
      code: 'permission_missing',
      message: 'no',
      fix: 'Add it.',
    });
    expect(toIpcError(new TypeError("Cannot read properties of undefined (reading 'x')"))).toEqual(INTERNAL_ERROR);
    expect(toIpcError(undefined).code).toBe('internal');
  });
});
