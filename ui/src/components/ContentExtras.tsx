import { useEffect, useState } from 'react';
import type { ContentAnnotations, IpcError, ReadResourceOutcome } from '../bindings/ipc';
import { call } from '../lib/ipc';
import { describeAnnotations } from './contentExtras';
import './contentExtras.css';
import { ErrorNotice } from './ErrorNotice';
import { useServerId } from './ServerIdContext';
import { Spinner } from './Spinner';

/** Who a block is for and how important it is, as the server annotated it. */
export function AnnotationsLine({ annotations }: { annotations: ContentAnnotations | null | undefined }) {
  const text = annotations ? describeAnnotations(annotations) : null;
  if (!text) return null;
  return (
    <p className="annotations muted" data-testid="annotations">
      {text}
    </p>
  );
}

/** An image that opens at full size, on a dark backdrop, when clicked; Escape or a click closes it. */
export function EnlargeableImage({ src, alt, className }: { src: string; alt: string; className?: string }) {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const close = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', close);
    return () => window.removeEventListener('keydown', close);
  }, [open]);
  return (
    <>
      <button type="button" className="image-enlarge" title="Enlarge" aria-label={`Enlarge: ${alt}`} onClick={() => setOpen(true)}>
        <img src={src} alt={alt} className={className} />
      </button>
      {open && (
        <div className="image-lightbox" role="dialog" aria-modal="true" aria-label={`Enlarged: ${alt}`} onClick={() => setOpen(false)}>
          <img src={src} alt={alt} />
          <button type="button" className="btn" onClick={() => setOpen(false)} autoFocus>
            Close
          </button>
        </div>
      )}
    </>
  );
}

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; path: string } | { kind: 'not-saved' } | { kind: 'failed'; error: IpcError };

/** Saves a blob through the system's save dialog (the core writes the file) and says where it went. */
export function SaveBlobButton({ uri, mimeType, blob }: { uri: string; mimeType: string | null; blob: string }) {
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const save = async () => {
    setState({ kind: 'saving' });
    try {
      const outcome = await call('resource_save', { uri, mimeType, blob });
      setState(outcome.path ? { kind: 'saved', path: outcome.path } : { kind: 'not-saved' });
    } catch (e) {
      setState({ kind: 'failed', error: e as IpcError });
    }
  };
  return (
    <>
      <button type="button" className="btn btn-small" onClick={() => void save()} disabled={state.kind === 'saving'}>
        Save as…
      </button>
      {state.kind === 'saved' && (
        <p className="save-status" role="status" data-testid="save-status">
          Saved to <code>{state.path}</code>
        </p>
      )}
      {state.kind === 'not-saved' && (
        <p className="save-status muted" role="status" data-testid="save-status">
          Not saved: the save dialog was closed.
        </p>
      )}
      {state.kind === 'failed' && <ErrorNotice error={state.error} title="Could not save" />}
    </>
  );
}

/** Reads a linked resource in place, when the result belongs to a server's session. */
export function OpenLinkedResource({
  uri,
  render,
}: {
  uri: string;
  render: (outcome: ReadResourceOutcome) => React.ReactNode;
}) {
  const serverId = useServerId();
  const [state, setState] = useState<
    { kind: 'closed' } | { kind: 'reading' } | { kind: 'read'; outcome: ReadResourceOutcome } | { kind: 'failed'; error: IpcError }
  >({ kind: 'closed' });
  if (!serverId) return null;
  const open = async () => {
    setState({ kind: 'reading' });
    try {
      setState({ kind: 'read', outcome: await call('resource_read', { serverId, uri }) });
    } catch (e) {
      setState({ kind: 'failed', error: e as IpcError });
    }
  };
  return (
    <>
      {state.kind === 'closed' || state.kind === 'failed' ? (
        <button type="button" className="btn btn-small" onClick={() => void open()}>
          Open
        </button>
      ) : (
        <button type="button" className="btn btn-small" onClick={() => setState({ kind: 'closed' })} disabled={state.kind === 'reading'}>
          Close
        </button>
      )}
      {state.kind === 'reading' && <Spinner label="Reading" />}
      {state.kind === 'failed' && <ErrorNotice error={state.error} title="Could not open the resource" />}
      {state.kind === 'read' && (
        <div className="linked-resource" data-testid="linked-resource">
          {render(state.outcome)}
        </div>
      )}
    </>
  );
}
