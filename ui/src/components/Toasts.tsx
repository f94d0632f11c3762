import { useEffect } from 'react';
import { useToasts } from '../hooks/useToasts';
import { dismissToast, type Toast } from '../lib/appState';

function ToastItem({ toast }: { toast: Toast }) {
  useEffect(() => {
    if (toast.tone !== 'info') return;
    const timer = window.setTimeout(() => dismissToast(toast.id), 8000);
    return () => window.clearTimeout(timer);
  }, [toast.id, toast.tone]);
  return (
    <div className={`toast toast-${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'} data-testid={toast.testId}>
      <div className="toast-body">
        <strong>{toast.title}</strong>
        {toast.error && <p>{toast.error.message}</p>}
        {toast.error?.fix && <p className="notice-fix">{toast.error.fix}</p>}
      </div>
      <button type="button" className="btn btn-ghost btn-small" onClick={() => dismissToast(toast.id)} aria-label="Dismiss">
        ✕
      </button>
    </div>
  );
}

export function Toasts() {
  const toasts = useToasts();
  return (
    <div className="toasts" aria-live="assertive">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}
