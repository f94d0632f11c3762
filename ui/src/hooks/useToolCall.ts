import { useQueryClient } from '@tanstack/react-query';
import { beginCall, endCall } from '../lib/appState';
import { call, toIpcError } from '../lib/ipc';
import { keys } from '../lib/queryKeys';
import { callEnded, callStarted, toolWork, useToolCallState } from '../lib/workKept';

/**
 * One tool call at a time for a tool: start, cancel, and the outcome or error of the last call. The call and its
 * result live in the session's kept work (not in the panel), so they outlast the panel: leaving the tab or the
 * server while a call runs, then coming back, shows its progress or its result.
 * `toolKey`: the tool's key in the list (its name, or `name#2`… for a name the server sent twice).
 */
export function useToolCall(serverId: string, toolKey: string, tool: string) {
  const client = useQueryClient();
  const work = useToolCallState(serverId, toolKey);
  const start = (args: Record<string, unknown>) => {
    if (toolWork(serverId, toolKey).running) return;
    const callId = crypto.randomUUID();
    beginCall(callId);
    callStarted(serverId, toolKey, { callId, startedAt: Date.now() });
    call('tool_call', { serverId, callId, name: tool, arguments: args })
      .then(
        (outcome) => callEnded(serverId, toolKey, callId, { outcome }),
        (reason: unknown) => callEnded(serverId, toolKey, callId, { error: toIpcError(reason) }),
      )
      .finally(() => {
        endCall(callId);
        void client.invalidateQueries({ queryKey: keys.history(serverId) });
        void client.invalidateQueries({ queryKey: keys.exchanges(serverId) });
      });
  };
  const cancel = () => {
    const running = toolWork(serverId, toolKey).running;
    if (running) void call('tool_cancel', { callId: running.callId }).catch(() => undefined);
  };
  return {
    start,
    cancel,
    running: work.running !== undefined,
    callId: work.running?.callId ?? null,
    startedAt: work.running?.startedAt ?? null,
    outcome: work.last?.outcome,
    error: work.last?.error ?? null,
  };
}
