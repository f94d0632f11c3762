import type { ErrorCode, IpcError } from '../bindings/ipc';

/** A heading for each stable error code; the message and fix come from the core. */
export function errorTitle(code: ErrorCode): string {
  switch (code) {
    case 'invalid_input':
      return 'Invalid input';
    case 'auth_required':
      return 'Login required';
    case 'insufficient_scope':
      return 'Not permitted';
    case 'login_failed':
      return 'Login failed';
    case 'invalid_link':
      return 'Invalid link';
    case 'keychain_unavailable':
      return 'Keychain unavailable';
    case 'network':
      return 'Network problem';
    case 'timeout':
      return 'Timed out';
    case 'cancelled':
      return 'Cancelled';
    case 'server':
      return 'Server error';
    case 'not_connected':
      return 'Not connected';
    case 'not_found':
      return 'Not found';
    case 'storage':
      return 'Storage problem';
    case 'permission_missing':
      return 'Permission missing';
    case 'conflict':
      return 'Already exists';
    case 'unavailable':
      return 'Service unavailable';
    case 'not_configured':
      return 'Not set up yet';
    case 'update_refused':
      return 'Update refused';
    case 'internal':
      return 'Something went wrong';
  }
}

type Props = { error: IpcError; title?: string; testId?: string; onDismiss?: () => void; children?: React.ReactNode };

export function ErrorNotice({ error, title, testId = 'error-banner', onDismiss, children }: Props) {
  const tone = error.code === 'cancelled' ? 'notice notice-info' : 'notice notice-error';
  return (
    <div className={tone} role="alert" data-testid={testId} data-code={error.code}>
      <div className="notice-body">
        <strong>{title ?? errorTitle(error.code)}</strong>
        <p>{error.message}</p>
        {error.fix && <p className="notice-fix">{error.fix}</p>}
        {children && <div className="notice-actions">{children}</div>}
      </div>
      {onDismiss && (
        <button type="button" className="btn btn-ghost btn-small" onClick={onDismiss} aria-label="Dismiss">
          ✕
        </button>
      )}
    </div>
  );
}
