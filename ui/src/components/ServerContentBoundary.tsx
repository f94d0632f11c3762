import type { ReactNode } from 'react';
import { ErrorBoundary } from './ErrorBoundary';

type Props = { children: ReactNode; /** The server's content as text, shown if the view of it fails. */ text?: string; resetKey?: unknown };

/** Wraps a view of what a server sent: if rendering it fails, that part shows the content as plain text and the
 * rest of the window carries on. */
export function ServerContentBoundary({ children, text, resetKey }: Props) {
  return (
    <ErrorBoundary
      resetKey={resetKey ?? text}
      fallback={() => (
        <div className="server-content-fallback" data-testid="content-as-text">
          {text !== undefined ? (
            <>
              <p className="muted">This part could not be shown as formatted; here it is as plain text.</p>
              <pre className="resource-text">{text}</pre>
            </>
          ) : (
            <p className="muted">This view could not show what the server sent. The Raw tab has the server's answers as JSON.</p>
          )}
        </div>
      )}
    >
      {children}
    </ErrorBoundary>
  );
}
