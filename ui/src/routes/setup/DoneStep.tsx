import type { Deployment } from '../../bindings/ipc';
import { StepFrame } from './StepFrame';

type Props = {
  deployment: Deployment | null;
  step: { index: number; total: number };
  onLogin: (serverId: string) => void;
  loginPending: boolean;
  onStartOver: () => void;
  onShowDeployments: () => void;
};

/** The server is up: where it is, its Access application, and the way in. */
export function DoneStep({ deployment, step, onLogin, loginPending, onStartOver, onShowDeployments }: Props) {
  const serverId = deployment?.serverId ?? null;
  return (
    <StepFrame
      screen="done"
      title="Your MCP server is ready"
      step={step}
      onSubmit={() => {
        if (serverId) onLogin(serverId);
      }}
      next={serverId ? { label: 'Log in and explore', testId: 'setup-login-explore', busy: loginPending } : null}
    >
      {deployment ? (
        <dl className="facts done-facts">
          <div>
            <dt>Worker</dt>
            <dd className="selectable" data-testid="setup-done-worker-url">
              {deployment.workerUrl ?? '—'}
            </dd>
          </div>
          <div>
            <dt>MCP endpoint</dt>
            <dd className="selectable">{deployment.mcpUrl ?? '—'}</dd>
          </div>
          <div>
            <dt>Access application</dt>
            <dd data-testid="setup-done-access-app">{deployment.accessAppName ?? '—'}</dd>
          </div>
        </dl>
      ) : (
        <p className="muted">Setup finished.</p>
      )}
      <p>
        The server is saved in the sidebar. Logging in opens your browser: Cloudflare Access asks who you are, then the
        browser hands the login back to Gatehouse and the server's tools appear.
      </p>
      <div className="form-actions">
        <button type="button" className="btn" data-testid="setup-show-deployments" onClick={onShowDeployments}>
          See deployments
        </button>
        <button type="button" className="btn" data-testid="setup-start-over" onClick={onStartOver}>
          Set up another server
        </button>
      </div>
    </StepFrame>
  );
}
