import { useState } from 'react';
import type { CloudflareConnection } from '../../bindings/ipc';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { Skeleton } from '../../components/Spinner';
import { useCloudflareConnect } from '../../hooks/useCloudflareConnect';
import { useCloudflareForget } from '../../hooks/useCloudflareForget';
import { useCloudflareStatus } from '../../hooks/useCloudflareStatus';
import { openExternal } from '../../lib/links';
import type { SetupMode } from '../../lib/setupDraft';
import { StepFrame } from './StepFrame';

type Props = {
  mode: SetupMode;
  step: { index: number; total: number };
  onBack: () => void;
  onConnected: (connection: CloudflareConnection) => void;
};

/** The API token: how to make one, paste it (or use the kept one). The token stays in this screen's state until the
 * core has checked it, then is cleared; the core keeps it in the keychain. */
export function ConnectStep({ mode, step, onBack, onConnected }: Props) {
  const status = useCloudflareStatus();
  const connect = useCloudflareConnect();
  const forget = useCloudflareForget();
  const [token, setToken] = useState('');
  const [tokenError, setTokenError] = useState<string>();
  const hasToken = status.data?.hasToken ?? false;

  const submit = async (value: string | null) => {
    setTokenError(undefined);
    const connection = await connect.start(value);
    if (!connection) return;
    setToken('');
    onConnected(connection);
  };

  return (
    <StepFrame
      screen="connect"
      title="Connect to Cloudflare"
      step={step}
      onBack={onBack}
      onSubmit={() => {
        if (token.trim()) void submit(token.trim());
        else if (hasToken) void submit(null);
        else setTokenError('Paste an API token.');
      }}
      next={{ label: connect.pending ? 'Checking the token…' : 'Next', busy: connect.pending, disabled: status.isPending }}
    >
      {status.isPending && <Skeleton lines={3} />}
      {status.error && <ErrorNotice error={status.error} />}
      {status.data && (
        <>
          <p>Create an API token on Cloudflare with these permissions:</p>
          <ul className="permission-list" data-testid="cloudflare-permissions">
            {status.data.requiredPermissions.map((p) => (
              <li key={p}>
                <code>{p}</code>
              </li>
            ))}
          </ul>
          {mode === 'manual' && (
            <p className="muted">You are making the Access application yourself: the Access permissions can be left out.</p>
          )}
          <div>
            <button
              type="button"
              className="btn"
              data-testid="cloudflare-token-page"
              onClick={() => void openExternal(status.data.tokenPageUrl)}
            >
              Open Cloudflare's API token page ↗
            </button>
          </div>
          {status.data.localToken && (
            <div className="notice notice-info" data-testid="cloudflare-local-token">
              <div className="notice-body">
                <strong>This is the local Cloudflare.</strong>
                <p>
                  Its token is <code>{status.data.localToken}</code>; it opens only the stand-in on this computer.
                </p>
                <div className="notice-actions">
                  <button
                    type="button"
                    className="btn btn-primary"
                    data-testid="cloudflare-use-local"
                    disabled={connect.pending}
                    onClick={() => void submit(status.data.localToken)}
                  >
                    Use the local token
                  </button>
                </div>
              </div>
            </div>
          )}
          {hasToken && (
            <div className="notice notice-info" data-testid="cloudflare-saved-token">
              <div className="notice-body">
                <strong>A token is kept in the keychain.</strong>
                <p>Use it, or paste a new one below to replace it.</p>
                <div className="notice-actions">
                  <button
                    type="button"
                    className="btn btn-primary"
                    data-testid="cloudflare-use-saved"
                    disabled={connect.pending}
                    onClick={() => void submit(null)}
                  >
                    Use the saved token
                  </button>
                  <button
                    type="button"
                    className="btn"
                    data-testid="cloudflare-forget"
                    disabled={forget.isPending || connect.pending}
                    onClick={() => forget.mutate()}
                  >
                    Forget it
                  </button>
                </div>
              </div>
            </div>
          )}
          {forget.error && <ErrorNotice error={forget.error} />}
          <Field
            label="API token"
            error={tokenError}
            help="Checked with Cloudflare, then kept in your system's keychain (never in a file)."
          >
            {(p) => (
              <input
                {...p}
                type="password"
                data-testid="cloudflare-token"
                autoComplete="off"
                spellCheck={false}
                value={token}
                onChange={(e) => {
                  setToken(e.target.value);
                  setTokenError(undefined);
                }}
              />
            )}
          </Field>
        </>
      )}
      {connect.error && <ErrorNotice error={connect.error} testId="cloudflare-connect-error" />}
    </StepFrame>
  );
}
