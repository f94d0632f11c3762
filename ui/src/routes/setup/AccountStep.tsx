import { useState } from 'react';
import type { CloudflareAccount, CloudflareTokenKind } from '../../bindings/ipc';
import { StepFrame } from './StepFrame';

type Props = {
  accounts: CloudflareAccount[];
  tokenKind: CloudflareTokenKind | null;
  accountId: string | null;
  onChoose: (accountId: string) => void;
  step: { index: number; total: number };
  onBack: () => void;
  onNext: () => void;
};

/** What the connect step found, in words. */
const TOKEN_KIND: Record<CloudflareTokenKind, string> = {
  user: 'Connected with a user API token: it can use the accounts below that you gave it.',
  account: 'Connected with an account API token: it belongs to the account below and works there only.',
};

/** Which account the server goes on; chosen already when the token can use only one. */
export function AccountStep({ accounts, tokenKind, accountId, onChoose, step, onBack, onNext }: Props) {
  const [error, setError] = useState<string>();
  return (
    <StepFrame
      screen="account"
      title="Choose the account"
      step={step}
      onBack={onBack}
      onSubmit={() => {
        if (accountId && accounts.some((a) => a.id === accountId)) onNext();
        else setError('Choose an account.');
      }}
      next={{ label: 'Next', disabled: accounts.length === 0 }}
    >
      {tokenKind && (
        <p className="muted" data-testid="setup-token-kind">
          {TOKEN_KIND[tokenKind]}
        </p>
      )}
      {accounts.length === 0 ? (
        <div className="notice notice-error" role="alert" data-testid="setup-no-accounts">
          <p className="notice-body">
            This token can use no account. Give it access to an account on Cloudflare's token page, then go back and
            connect again.
          </p>
        </div>
      ) : (
        <fieldset className="fieldset choice-group" aria-describedby={error ? 'account-error' : undefined}>
          <legend>Cloudflare account</legend>
          {accounts.map((a) => (
            <label key={a.id} className="choice">
              <input
                type="radio"
                name="setup-account"
                data-testid={`account-item-${a.id}`}
                checked={a.id === accountId}
                onChange={() => {
                  setError(undefined);
                  onChoose(a.id);
                }}
              />
              <span>
                <strong>{a.name}</strong>
                <code className="muted choice-help">{a.id}</code>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {error && (
        <p id="account-error" className="field-error">
          {error}
        </p>
      )}
    </StepFrame>
  );
}
