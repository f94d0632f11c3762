import type { ServerProfile } from '../bindings/ipc';
import { useDeleteServer } from '../hooks/useDeleteServer';
import { ErrorNotice } from './ErrorNotice';

type Props = { profile: ServerProfile; onDeleted: () => void; onKeep: () => void };

/** The confirmation step before a server, its history and its credentials are forgotten. */
export function DeleteServerConfirm({ profile, onDeleted, onKeep }: Props) {
  const del = useDeleteServer();
  return (
    <>
      <div
        className="notice notice-warn"
        role="alertdialog"
        aria-label="Confirm delete"
        onKeyDown={(e) => {
          if (e.key === 'Escape') onKeep();
        }}
      >
        <div className="notice-body">
          <strong>Delete {profile.name}?</strong>
          <p>This forgets the server, its history and its stored credentials.</p>
        </div>
        <button
          type="button"
          className="btn btn-danger"
          data-testid="confirm-delete"
          autoFocus
          disabled={del.isPending}
          onClick={() => del.mutate(profile.id, { onSuccess: onDeleted })}
        >
          Delete
        </button>
        <button type="button" className="btn" onClick={onKeep}>
          Keep
        </button>
      </div>
      {del.error && <ErrorNotice error={del.error} />}
    </>
  );
}
