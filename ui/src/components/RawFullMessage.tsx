import { useState } from 'react';
import type { IpcError, RawPart } from '../bindings/ipc';
import { call } from '../lib/ipc';
import { formatBytes } from '../lib/format';
import type { Preview } from '../lib/rawLog';
import { ErrorNotice } from './ErrorNotice';

type Props = { serverId: string; part: RawPart; preview: Preview; name: string; what: string };

type Shown = { kind: 'hidden' } | { kind: 'loading' } | { kind: 'shown'; text: string };
type Status =
  | { kind: 'idle' }
  | { kind: 'copied' }
  | { kind: 'saved'; path: string }
  | { kind: 'not-saved' }
  | { kind: 'failed'; title: string; error: IpcError };

/** A large message the list keeps only as a preview: its full text is fetched from the core when asked for (shown
 * while open, and let go when hidden), copied, or saved through the system's save dialog by the core. */
export function RawFullMessage({ serverId, part, preview, name, what }: Props) {
  const [shown, setShown] = useState<Shown>({ kind: 'hidden' });
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const fetchFull = () => call('raw_message_full', { serverId, part });
  const show = async () => {
    setShown({ kind: 'loading' });
    try {
      setShown({ kind: 'shown', text: await fetchFull() });
    } catch (e) {
      setShown({ kind: 'hidden' });
      setStatus({ kind: 'failed', title: 'Could not show the whole message', error: e as IpcError });
    }
  };
  const copy = async () => {
    let fetchFailure: IpcError | null = null;
    const text = fetchFull().catch((e: unknown) => {
      fetchFailure = e as IpcError;
      throw e;
    });
    try {
      if (typeof ClipboardItem !== 'undefined' && typeof navigator.clipboard.write === 'function') {
        // WebKit lets a page write to the clipboard only during the click: hand it the text that is still coming.
        await navigator.clipboard.write([new ClipboardItem({ 'text/plain': text.then((t) => new Blob([t], { type: 'text/plain' })) })]);
      } else {
        await navigator.clipboard.writeText(await text);
      }
      setStatus({ kind: 'copied' });
    } catch {
      const error = fetchFailure ?? { code: 'internal' as const, message: 'the system clipboard did not take the text; use "Save as…" instead', fix: null };
      setStatus({ kind: 'failed', title: 'Could not copy', error });
    }
  };
  const save = async () => {
    try {
      const outcome = await call('raw_message_save', { serverId, part, name });
      setStatus(outcome.path ? { kind: 'saved', path: outcome.path } : { kind: 'not-saved' });
    } catch (e) {
      setStatus({ kind: 'failed', title: 'Could not save', error: e as IpcError });
    }
  };
  return (
    <div className="raw-full" data-testid="raw-full">
      <p className="muted">
        {what} is {formatBytes(preview.bytes)}: the list keeps only its first {formatBytes(preview.preview.length)}.
      </p>
      <div className="raw-full-actions">
        {shown.kind === 'shown' ? (
          <button type="button" className="btn btn-small" onClick={() => setShown({ kind: 'hidden' })}>
            Hide the whole message
          </button>
        ) : (
          <button type="button" className="btn btn-small" onClick={() => void show()} disabled={shown.kind === 'loading'}>
            {shown.kind === 'loading' ? 'Fetching…' : 'Show the whole message'}
          </button>
        )}
        <button type="button" className="btn btn-small" onClick={() => void copy()}>
          Copy the whole message
        </button>
        <button type="button" className="btn btn-small" onClick={() => void save()}>
          Save as…
        </button>
      </div>
      <p className="raw-full-status" role="status" data-testid="raw-full-status">
        {status.kind === 'copied' && 'Copied to the clipboard.'}
        {status.kind === 'saved' && (
          <>
            Saved to <code>{status.path}</code>
          </>
        )}
        {status.kind === 'not-saved' && 'Not saved: the save dialog was closed.'}
      </p>
      {status.kind === 'failed' && <ErrorNotice error={status.error} title={status.title} />}
      {shown.kind === 'shown' && (
        <pre className="json raw-full-text" data-testid="raw-full-text" tabIndex={0}>
          {shown.text}
        </pre>
      )}
    </div>
  );
}
