import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { AppEvent, NotificationKind } from '../bindings/ipc';
import { addNotifications, pushToast, setLogin, setProgress } from '../lib/appState';
import { refetchCoalesced } from '../lib/coalescedRefetch';
import { onAppEvent } from '../lib/ipc';
import { recordProgress } from '../lib/provisionRuns';
import { connect, forgetSession } from '../lib/queryClient';
import { forgetServerVisits, requestClosed, requestOpened, visitCompleted } from '../lib/serverRequests';
import { keys } from '../lib/queryKeys';
import { applyTaskChange } from '../lib/tasks';
import { addRawMessages, appendExchange } from '../lib/rawLog';
import { handleUpdateEvent } from '../lib/updates';

const REFETCH: Partial<Record<NotificationKind, (serverId: string) => readonly string[]>> = {
  tools_changed: keys.tools,
  resources_changed: keys.resources,
  prompts_changed: keys.prompts,
};

/** The one subscription to the core's event stream; routes each event to the state that shows it. */
export function useAppEvents(): void {
  const client = useQueryClient();
  useEffect(() => {
    let unlisten: (() => void) | undefined;
    let disposed = false;
    const handle = (event: AppEvent) => {
      if (handleUpdateEvent(client, event)) return;
      switch (event.kind) {
        case 'login_finished':
          if (event.error) {
            setLogin(event.serverId, { waiting: false, authorizationUrl: null, browserError: null, error: event.error });
          } else {
            setLogin(event.serverId, null);
            void connect(client, event.serverId);
          }
          break;
        case 'link_rejected':
          pushToast({ tone: 'error', title: 'A login link was rejected', error: event.error, testId: 'link-rejected' });
          break;
        case 'tool_progress':
          setProgress(event.callId, { progress: event.progress, total: event.total, message: event.message });
          break;
        case 'server_notifications': {
          addNotifications(event.serverId, event.entries, event.dropped);
          const changed = new Set(event.entries.map((e) => e.notificationKind));
          for (const kind of changed) {
            const key = REFETCH[kind];
            if (key) void refetchCoalesced(client, key(event.serverId));
          }
          break;
        }
        case 'task_changed':
          applyTaskChange(client, event.task);
          break;
        case 'setup_progress':
        case 'teardown_progress':
          recordProgress(event);
          break;
        case 'exchange_recorded':
          appendExchange(client, event.serverId, event.exchange);
          break;
        case 'raw_messages_recorded':
          addRawMessages(client, event.serverId, event.messages, event.more);
          break;
        case 'server_request_opened':
          requestOpened(event.request);
          break;
        case 'server_request_closed':
          requestClosed(event.requestId);
          break;
        case 'elicitation_completed':
          visitCompleted(event.serverId, event.elicitationId);
          break;
        case 'disconnected':
          forgetServerVisits(event.serverId);
          forgetSession(client, event.serverId);
          pushToast({
            tone: 'info',
            title: 'Disconnected',
            error: event.reason ? { code: 'network', message: event.reason, fix: null } : null,
          });
          break;
      }
    };
    onAppEvent(handle)
      .then((fn) => {
        if (disposed) fn();
        else unlisten = fn;
      })
      .catch((e: unknown) => console.error('Could not subscribe to app events', e));
    return () => {
      disposed = true;
      unlisten?.();
    };
  }, [client]);
}
