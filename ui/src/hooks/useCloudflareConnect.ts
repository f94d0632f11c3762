import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { keys } from '../lib/queryKeys';
import { usePrivateCall } from './usePrivateCall';

/** Checks (and keeps, in the keychain) an API token; `null` uses the kept one. The token is passed straight to the
 * core: it is never put in a cache or a store. */
export function useCloudflareConnect() {
  const client = useQueryClient();
  const connect = usePrivateCall('cloudflare_connect');
  const { run } = connect;
  const start = useCallback(
    async (token: string | null) => {
      const connection = await run({ token });
      // A new token is now kept: `hasToken` changed.
      if (connection) void client.invalidateQueries({ queryKey: keys.cloudflareStatus });
      return connection;
    },
    [client, run],
  );
  return { start, pending: connect.pending, error: connect.error, reset: connect.reset };
}
