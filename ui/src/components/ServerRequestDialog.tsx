import './serverRequests.css';
import { Suspense, useEffect, useId } from 'react';
import type { PendingServerRequest } from '../bindings/ipc';
import { useServers } from '../hooks/useServers';
import { call } from '../lib/ipc';
import { forgetVisit, requestsLoaded, serverRequests } from '../lib/serverRequests';
import { useStore } from '../lib/store';
import { ElicitUrlDialog } from './ElicitUrlDialog';
import { ElicitFormDialog } from './lazyElicitForm';
import { SamplingDialog } from './SamplingDialog';

const VISIT_DONE_SHOWN_MS = 6000;


const TITLES: Record<PendingServerRequest['ask']['type'], string> = {
  elicit_form: 'asks you to fill in a form',
  elicit_url: 'asks you to open a page',
  sampling: 'asks for a reply',
};

/**
 * What servers ask of the user, one request at a time (oldest first), above everything else, and the pages the user
 * agreed to visit until their server says they are done.
 */
export function ServerRequestDialog() {
  const pending = useStore(serverRequests, (s) => s.pending);
  const visits = useStore(serverRequests, (s) => s.visits);
  const servers = useServers();
  const id = useId();

  // Requests that arrived before the window listened (or while it reloaded).
  useEffect(() => {
    call('server_requests_list', null)
      .then((list) => requestsLoaded(Array.isArray(list) ? list : []))
      .catch((e: unknown) => console.error('Could not read the waiting requests', e));
  }, []);

  // A finished visit is said for a few seconds, then leaves the corner.
  useEffect(() => {
    const done = visits.filter((v) => v.completed);
    if (done.length === 0) return;
    const timer = setTimeout(() => {
      for (const v of done) forgetVisit(v.serverId, v.elicitationId);
    }, VISIT_DONE_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [visits]);

  const nameOf = (serverId: string) => servers.data?.find((s) => s.id === serverId)?.name ?? 'A server';
  const request = pending[0];

  return (
    <>
      {visits.length > 0 && (
        <div className="server-visits" aria-live="polite">
          {visits.map((v) => (
            <div key={`${v.serverId}/${v.elicitationId}`} className="notice notice-info server-visit" data-testid="elicit-visit">
              <div className="notice-body">
                {v.completed ? (
                  <span data-testid="elicit-visit-done">{nameOf(v.serverId)} says the page is done.</span>
                ) : (
                  <span data-testid="elicit-visit-waiting">Waiting for {nameOf(v.serverId)} to say the page is done…</span>
                )}
                <code className="server-request-url">{v.url}</code>
              </div>
              <button type="button" className="btn btn-ghost" onClick={() => forgetVisit(v.serverId, v.elicitationId)}>
                {v.completed ? 'Close' : 'Stop waiting'}
              </button>
            </div>
          ))}
        </div>
      )}
      {request && (
        <div className="dialog-backdrop">
          <div
            key={request.requestId}
            className="dialog server-request-dialog stack"
            role="dialog"
            aria-modal="true"
            aria-labelledby={`${id}-title`}
            data-testid="server-request"
            data-request-type={request.ask.type}
          >
            <h2 id={`${id}-title`}>
              {nameOf(request.serverId)} {TITLES[request.ask.type]}
            </h2>
            {pending.length > 1 && <p className="muted">{pending.length - 1} more waiting after this one.</p>}
            {request.ask.type === 'elicit_form' && (
              <Suspense fallback={<p className="muted">Loading the form…</p>}>
                <ElicitFormDialog
                  requestId={request.requestId}
                  message={request.ask.message}
                  requestedSchema={request.ask.requestedSchema}
                  propertyOrder={request.ask.propertyOrder}
                />
              </Suspense>
            )}
            {request.ask.type === 'elicit_url' && (
              <ElicitUrlDialog
                requestId={request.requestId}
                serverId={request.serverId}
                message={request.ask.message}
                url={request.ask.url}
                elicitationId={request.ask.elicitationId}
              />
            )}
            {request.ask.type === 'sampling' && <SamplingDialog requestId={request.requestId} params={request.ask.params} />}
          </div>
        </div>
      )}
    </>
  );
}
