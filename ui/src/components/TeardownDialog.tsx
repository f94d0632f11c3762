import { useId, useState } from 'react';
import type { Deployment } from '../bindings/ipc';

type Props = { deployment: Deployment; onConfirm: () => void; onCancel: () => void };

/** The confirmation before a deployment is removed from Cloudflare: says what goes, and asks for its name. */
export function TeardownDialog({ deployment, onConfirm, onCancel }: Props) {
  const id = useId();
  const [typed, setTyped] = useState('');
  const matches = typed.trim() === deployment.name;
  return (
    <form
      className="notice notice-warn teardown-dialog"
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      data-testid="teardown-dialog"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
      onSubmit={(e) => {
        e.preventDefault();
        if (matches) onConfirm();
      }}
    >
      <div className="notice-body stack">
        <strong id={`${id}-title`}>Tear down {deployment.name}?</strong>
        <div id={`${id}-desc`}>
          <p>This removes from Cloudflare what setup created for it:</p>
          <ul>
            <li>the Worker{deployment.workerUrl ? ` at ${deployment.workerUrl}` : ''} and its KV namespace,</li>
            {!deployment.manualAccess && <li>the Access application{deployment.accessAppName ? ` “${deployment.accessAppName}”` : ''} and the policy setup created,</li>}
            <li>the secrets the app keeps for it.</li>
          </ul>
          <p>
            Anything setup did not create (a policy you picked, an Access application you made yourself) is kept. People
            logged in to this server lose access.
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>Type {deployment.name} to confirm</label>
          <input
            id={`${id}-name`}
            data-testid="teardown-confirm-input"
            spellCheck={false}
            autoComplete="off"
            autoFocus
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-danger" data-testid="teardown-confirm" disabled={!matches}>
            Tear down {deployment.name}
          </button>
          <button type="button" className="btn" data-testid="teardown-cancel" onClick={onCancel}>
            Keep it
          </button>
        </div>
      </div>
    </form>
  );
}
