import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { connect, connectionOptions } from '../lib/queryClient';

/** The session with one server: its last ConnectOutcome, the error of the last attempt, and a way to connect. */
export function useConnection(serverId: string) {
  const client = useQueryClient();
  const query = useQuery(connectionOptions(serverId));
  const doConnect = useCallback(() => connect(client, serverId), [client, serverId]);
  const outcome = query.data;
  return {
    outcome,
    info: outcome?.status === 'connected' ? outcome.info : null,
    error: query.error,
    connecting: query.isFetching,
    connect: doConnect,
  };
}
