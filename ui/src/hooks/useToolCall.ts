import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { beginCall, endCall } from '../lib/appState';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

type Running = { callId: string; startedAt: number };

/** One tool call at a time for a tool panel: start, cancel, and the outcome or error of the last call. */
export function useToolCall(serverId: string, tool: string) {
  const client = useQueryClient();
  const [running, setRunning] = useState<Running | null>(null);
  const mutation = useMutation({
    mutationFn: ({ callId, args }: { callId: string; args: Record<string, unknown> }) =>
      call('tool_call', { serverId, callId, name: tool, arguments: args }),
    onSettled: (_data, _error, { callId }) => {
      endCall(callId);
      void client.invalidateQueries({ queryKey: keys.history(serverId) });
      void client.invalidateQueries({ queryKey: keys.exchanges(serverId) });
    },
  });
  const start = (args: Record<string, unknown>) => {
    const callId = crypto.randomUUID();
    const startedAt = Date.now();
    beginCall(callId);
    setRunning({ callId, startedAt });
    mutation.mutate({ callId, args });
  };
  const cancel = () => {
    if (running) void call('tool_cancel', { callId: running.callId }).catch(() => undefined);
  };
  return {
    start,
    cancel,
    running: mutation.isPending,
    callId: running?.callId ?? null,
    startedAt: running?.startedAt ?? null,
    outcome: mutation.data,
    error: mutation.error,
    reset: mutation.reset,
  };
}
