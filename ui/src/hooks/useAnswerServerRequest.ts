import { useState } from 'react';
import type { IpcError, ServerReply } from '../bindings/ipc';
import { call, toIpcError } from '../lib/ipc';
import { requestClosed } from '../lib/serverRequests';

/** Sends the user's answer to a server's request; the request leaves the list once the core took it. */
export function useAnswerServerRequest(requestId: string) {
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const answer = async (reply: ServerReply): Promise<boolean> => {
    setSending(true);
    setError(null);
    try {
      await call('server_request_answer', { requestId, reply });
      requestClosed(requestId);
      return true;
    } catch (e) {
      const failure = toIpcError(e);
      // The server withdrew it meanwhile: nothing left to answer.
      if (failure.code === 'not_found') requestClosed(requestId);
      else setError(failure);
      return false;
    } finally {
      setSending(false);
    }
  };
  return { answer, sending, error };
}
