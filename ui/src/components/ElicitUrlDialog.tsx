import { useAnswerServerRequest } from '../hooks/useAnswerServerRequest';
import { openExternal, safeExternalUrl } from '../lib/links';
import { followVisit } from '../lib/serverRequests';
import { ErrorNotice } from './ErrorNotice';

type Props = { requestId: string; serverId: string; message: string; url: string; elicitationId: string };

/** Where the URL leads, for the user to judge before agreeing: its host, apart from the rest. */
function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/**
 * A server asks the user to visit a page (elicitation, URL mode). The full URL is shown; the browser opens only when
 * the user agrees. The request then waits for the server to say it is done.
 */
export function ElicitUrlDialog({ requestId, serverId, message, url, elicitationId }: Props) {
  const { answer, sending, error } = useAnswerServerRequest(requestId);
  const openable = safeExternalUrl(url) !== null;
  const host = hostOf(url);

  const agree = async () => {
    if (await answer({ type: 'accept', content: null })) {
      followVisit(serverId, elicitationId, url);
      await openExternal(url);
    }
  };

  return (
    <div className="stack" data-testid="elicit-url">
      <p className="server-request-message" data-testid="server-request-message">
        {message}
      </p>
      <div className="stack">
        <span>The server wants to open this address in your browser{host ? <> (on <strong data-testid="elicit-url-host">{host}</strong>)</> : null}:</span>
        <code className="server-request-url" data-testid="elicit-url-full">
          {url}
        </code>
      </div>
      {!openable && (
        <p className="notice notice-warn" role="status">
          Gatehouse only opens web addresses (http and https). Decline this request.
        </p>
      )}
      {error && <ErrorNotice error={error} />}
      <div className="server-request-actions">
        <button type="button" className="btn btn-primary" data-testid="elicit-open" disabled={!openable || sending} onClick={() => void agree()}>
          Open in browser
        </button>
        <button type="button" className="btn" data-testid="elicit-decline" disabled={sending} onClick={() => void answer({ type: 'decline' })}>
          Decline
        </button>
        <button type="button" className="btn btn-ghost" data-testid="elicit-cancel" disabled={sending} onClick={() => void answer({ type: 'cancel' })}>
          Cancel
        </button>
      </div>
    </div>
  );
}
