import '../updates.css';
import { useEffect, useId, useRef, useState } from 'react';
import { useAppInfo } from '../hooks/useAppInfo';
import { useUpdateActions, useUpdateStatus } from '../hooks/useUpdates';
import { useStore } from '../lib/store';
import { pushToast } from '../lib/appState';
import { call, toIpcError } from '../lib/ipc';
import { openExternal } from '../lib/links';
import { aboutBox, closeAbout, describeUpdates } from '../lib/updates';

export const DOCS_URL = 'https://github.com/gatehouse-dev/gatehouse#readme';
export const RELEASES_URL = 'https://github.com/gatehouse-dev/gatehouse/releases';

/** The About box (from the menu): version, where updating stands, the update setting, the docs and the log folder. */
export function AboutDialog() {
  const open = useStore(aboutBox, (s) => s.open);
  if (!open) return null;
  return <AboutContent />;
}

function AboutContent() {
  const id = useId();
  const info = useAppInfo();
  const status = useUpdateStatus();
  const actions = useUpdateActions();
  const [logFolder, setLogFolder] = useState<string | null>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), []);
  const s = status.data;
  const busy = s?.phase.state === 'checking' || s?.phase.state === 'downloading' || s?.phase.state === 'installing';

  const openLogs = async () => {
    try {
      setLogFolder(await call('log_folder_open', null));
    } catch (e) {
      pushToast({ tone: 'error', title: 'Could not open the log folder', error: toIpcError(e) });
    }
  };

  return (
    <div className="dialog-backdrop" onClick={closeAbout}>
      <div
        className="dialog about-dialog stack"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        data-testid="about-dialog"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') closeAbout();
        }}
      >
        <h2 id={`${id}-title`}>Gatehouse</h2>
        <p data-testid="about-version">Version {s?.currentVersion ?? info.data?.version ?? '…'}</p>
        {s && (
          <section className="stack" aria-label="Updates">
            <p data-testid="about-update-state">{describeUpdates(s)}</p>
            {s.lastCheckedAt !== null && (
              <p className="muted">Last checked {new Date(s.lastCheckedAt).toLocaleString()}.</p>
            )}
            {s.route === 'in_app' && (
              <>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    data-testid="about-check-automatically"
                    checked={s.checkAutomatically}
                    onChange={(e) => actions.setAutomatic.mutate(e.target.checked)}
                  />
                  Check for updates automatically (at start and once a day)
                </label>
                <div>
                  <button type="button" className="btn" data-testid="about-check-now" disabled={busy} onClick={() => actions.check.mutate()}>
                    Check now
                  </button>
                </div>
              </>
            )}
            {s.route === 'package_manager' && (
              <p className="muted">
                Installed from a downloaded .deb or .rpm without a repository? Install the newer package from the{' '}
                <a
                  href={RELEASES_URL}
                  onClick={(e) => {
                    e.preventDefault();
                    void openExternal(RELEASES_URL);
                  }}
                >
                  releases page
                </a>
                .
              </p>
            )}
          </section>
        )}
        <section className="stack" aria-label="Help">
          <div className="form-actions">
            <button type="button" className="btn" data-testid="about-docs" onClick={() => void openExternal(DOCS_URL)}>
              Documentation
            </button>
            <button type="button" className="btn" data-testid="about-logs" onClick={() => void openLogs()}>
              Open log folder
            </button>
          </div>
          <p className="muted">
            The logs help when you report a problem; they never contain your tokens or secrets.
            {logFolder && (
              <>
                {' '}
                They are in <code data-testid="about-log-folder">{logFolder}</code>.
              </>
            )}
          </p>
        </section>
        <div className="form-actions">
          <button type="button" className="btn btn-primary" ref={closeRef} data-testid="about-close" onClick={closeAbout}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
