import '../updates.css';
import { useState } from 'react';
import type { AvailableUpdate, UpdatePhase } from '../bindings/ipc';
import { useUpdateActions, useUpdateStatus } from '../hooks/useUpdates';
import { percent } from '../lib/updates';
import { ErrorNotice } from './ErrorNotice';
import { LazyMarkdown } from './LazyMarkdown';

function offered(phase: UpdatePhase): AvailableUpdate | null {
  switch (phase.state) {
    case 'available':
    case 'downloading':
    case 'ready':
    case 'installing':
      return phase.update;
    case 'failed':
      return phase.update;
    default:
      return null;
  }
}

/** Above the app when a newer version is offered: its notes, the download with progress, and the restart the
 * user asks for. Nothing is installed without a click. */
export function UpdateBanner() {
  const status = useUpdateStatus();
  const actions = useUpdateActions();
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [showNotes, setShowNotes] = useState(false);
  const phase = status.data?.phase;
  const update = phase ? offered(phase) : null;
  if (!status.data || !phase || !update || status.data.route !== 'in_app') return null;
  const key = `${update.version}:${phase.state}`;
  if (dismissed === key && phase.state !== 'installing') return null;
  const later = (
    <button type="button" className="btn btn-small" data-testid="update-later" onClick={() => setDismissed(key)}>
      Later
    </button>
  );

  if (phase.state === 'failed') {
    return (
      <div className="update-banner" data-testid="update-banner" data-state="failed">
        <ErrorNotice error={phase.error} testId="update-failed">
          <button type="button" className="btn btn-small" data-testid="update-retry" onClick={() => actions.download.mutate()}>
            Try again
          </button>
          {later}
        </ErrorNotice>
      </div>
    );
  }

  return (
    <div className="update-banner" role="status" data-testid="update-banner" data-state={phase.state}>
      <div className="update-banner-row">
        {phase.state === 'available' && (
          <>
            <span>
              <strong>Gatehouse {update.version}</strong> is available (you have {status.data.currentVersion}).
            </span>
            {update.notes && (
              <button type="button" className="btn btn-ghost btn-small" aria-expanded={showNotes} onClick={() => setShowNotes((s) => !s)}>
                {showNotes ? 'Hide what’s new' : 'What’s new'}
              </button>
            )}
            <button type="button" className="btn btn-primary btn-small" data-testid="update-download" onClick={() => actions.download.mutate()}>
              Download
            </button>
            {later}
          </>
        )}
        {phase.state === 'downloading' && (
          <>
            <span>Downloading Gatehouse {update.version}…</span>
            <progress
              data-testid="update-progress"
              max={100}
              value={percent(phase.downloaded, phase.total) ?? undefined}
              aria-label="Download progress"
            />
            <span className="muted">{percent(phase.downloaded, phase.total) ?? '…'}{phase.total ? '%' : ''}</span>
          </>
        )}
        {phase.state === 'ready' && (
          <>
            <span>
              <strong>Gatehouse {update.version}</strong> is downloaded and its signature verified.
            </span>
            <button type="button" className="btn btn-primary btn-small" data-testid="update-install" onClick={() => actions.install.mutate()}>
              Restart to update
            </button>
            {later}
          </>
        )}
        {phase.state === 'installing' && <span>Installing Gatehouse {update.version}; Gatehouse restarts when it is done…</span>}
      </div>
      {showNotes && update.notes && phase.state === 'available' && (
        <div className="update-notes" data-testid="update-notes">
          <LazyMarkdown text={update.notes} />
        </div>
      )}
    </div>
  );
}
