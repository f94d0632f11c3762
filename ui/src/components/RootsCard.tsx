import type { IpcError, ServerProfile } from '../bindings/ipc';
import { useRoots } from '../hooks/useRoots';
import { toIpcError } from '../lib/ipc';
import { ErrorNotice } from './ErrorNotice';

/** A `file://` URI as the path people know. */
function pathOf(uri: string): string {
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

/** The folders shared with this server: what it gets when it asks for roots. Changing them tells a connected server. */
export function RootsCard({ profile }: { profile: ServerProfile }) {
  const roots = useRoots(profile);
  const error: IpcError | null = roots.error ? toIpcError(roots.error) : null;
  return (
    <section className="card roots-card" aria-label="Shared folders" data-testid="roots-card">
      <h2>Shared folders</h2>
      <p className="muted">
        Folders this server may know about when it asks (roots). Gatehouse only tells it their names and paths; the server
        cannot read them through Gatehouse.
      </p>
      {profile.roots.length === 0 ? (
        <p className="muted" data-testid="roots-empty">
          No folders shared.
        </p>
      ) : (
        <ul data-testid="roots-list">
          {profile.roots.map((root) => (
            <li key={root.uri}>
              <span title={root.uri}>
                {root.name ? <strong>{root.name}</strong> : null} <code>{pathOf(root.uri)}</code>
              </span>
              <button
                type="button"
                className="btn btn-ghost"
                aria-label={`Stop sharing ${root.name ?? pathOf(root.uri)}`}
                disabled={roots.busy}
                onClick={() => roots.remove(root.uri)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="btn" data-testid="roots-add" disabled={roots.busy} onClick={roots.add}>
        Add folder…
      </button>
      {error && <ErrorNotice error={error} />}
    </section>
  );
}
