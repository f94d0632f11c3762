import { useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field } from '../../components/Field';
import { Spinner } from '../../components/Spinner';
import { useManualAccessCheck } from '../../hooks/useManualAccessCheck';
import { manualErrors, nameError, type ManualValues } from '../../lib/setupInput';
import { DeploymentNameField } from './DeploymentNameField';
import { RedirectUrlLine } from './RedirectUrlLine';
import { StepFrame } from './StepFrame';

type Props = {
  accountId: string;
  name: string;
  onName: (name: string) => void;
  values: ManualValues;
  onValues: (patch: Partial<ManualValues>) => void;
  step: { index: number; total: number };
  onBack: () => void;
  onNext: () => void;
};

/** The manual path: the dashboard steps for an Access for SaaS OIDC application, and its pasted values, checked as
 * they are entered. */
export function ManualStep({ accountId, name, onName, values, onValues, step, onBack, onNext }: Props) {
  const [submitted, setSubmitted] = useState(false);
  const check = useManualAccessCheck(values);
  const errors = manualErrors(values);
  const shown = submitted ? errors : {};
  const ready = !nameError(name) && Object.keys(errors).length === 0 && check.result !== undefined;

  return (
    <StepFrame
      screen="manual"
      title="Create the Access application"
      step={step}
      onBack={onBack}
      onSubmit={() => {
        setSubmitted(true);
        if (ready) onNext();
      }}
      next={{ label: 'Next', busy: check.checking }}
    >
      <DeploymentNameField name={name} onChange={onName} showEmpty={submitted} />
      <p>In the Cloudflare dashboard:</p>
      <ol className="dashboard-steps" data-testid="setup-manual-steps">
        <li>
          Open <strong>Zero Trust</strong> → <strong>Access</strong> → <strong>Applications</strong>.
        </li>
        <li>
          Choose <strong>Add an application</strong> → <strong>SaaS</strong>.
        </li>
        <li>
          Name it (for example <code>{name || 'gatehouse-mcp'}</code>), choose <strong>OIDC</strong> as the
          authentication protocol, and add the application.
        </li>
        <li>
          Under <strong>Redirect URLs</strong>, add: <RedirectUrlLine accountId={accountId} name={name} />
        </li>
        <li>
          Keep the <code>openid</code>, <code>email</code> and <code>profile</code> scopes; turn on refresh tokens if the
          server should refresh logins.
        </li>
        <li>
          Select the <strong>Access policy</strong> for the people who may use the server.
        </li>
        <li>
          <strong>Save</strong> the application.
        </li>
        <li>
          Copy its <strong>Client ID</strong>, <strong>Client secret</strong> and <strong>Configuration endpoint</strong>{' '}
          into the fields below.
        </li>
      </ol>
      <fieldset className="fieldset">
        <legend>The application's values</legend>
        <Field label="Client ID" error={shown.clientId}>
          {(p) => (
            <input
              {...p}
              data-testid="manual-client-id"
              spellCheck={false}
              autoComplete="off"
              value={values.clientId}
              onChange={(e) => onValues({ clientId: e.target.value })}
            />
          )}
        </Field>
        <Field label="Client secret" error={shown.clientSecret} help="Sent once and kept in the keychain.">
          {(p) => (
            <input
              {...p}
              type="password"
              data-testid="manual-client-secret"
              autoComplete="off"
              value={values.clientSecret}
              onChange={(e) => onValues({ clientSecret: e.target.value })}
            />
          )}
        </Field>
        <Field
          label="Configuration endpoint (discovery URL)"
          error={shown.discoveryUrl}
          help="Ends in /.well-known/openid-configuration."
        >
          {(p) => (
            <input
              {...p}
              type="url"
              inputMode="url"
              data-testid="manual-discovery-url"
              spellCheck={false}
              autoComplete="off"
              value={values.discoveryUrl}
              onChange={(e) => onValues({ discoveryUrl: e.target.value })}
            />
          )}
        </Field>
        <div aria-live="polite">
          {check.checking && (
            <p className="run-status muted" data-testid="manual-check-pending">
              <Spinner label="Checking" /> Checking the application…
            </p>
          )}
          {!check.checking && check.result && (
            <div className="notice notice-ok" data-testid="manual-check-ok">
              <p className="notice-body">
                Found the application. Issuer: <code className="selectable">{check.result.issuer}</code>
              </p>
            </div>
          )}
          {!check.checking && check.error && <ErrorNotice error={check.error} testId="manual-check-error" />}
          {submitted && Object.keys(errors).length === 0 && !check.checking && !check.result && !check.error && (
            <p className="field-error">The values have not been checked yet.</p>
          )}
        </div>
      </fieldset>
    </StepFrame>
  );
}
