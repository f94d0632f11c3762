import { useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Skeleton } from '../../components/Spinner';
import { useAccountCheck } from '../../hooks/useAccountCheck';
import { accessErrors, type AccessChoices } from '../../lib/setupInput';
import { AccountProblems } from './AccountProblems';
import { AllowedUsersFields } from './AllowedUsersFields';
import { DeploymentNameField } from './DeploymentNameField';
import { LoginMethodField } from './LoginMethodField';
import { StepFrame } from './StepFrame';

type Props = {
  accountId: string;
  choices: AccessChoices;
  onChange: (patch: Partial<AccessChoices>) => void;
  step: { index: number; total: number };
  onBack: () => void;
  onNext: () => void;
};

/** Who may use the server, how they log in, and the deployment's name; blocked while the account lacks what setup
 * needs. */
export function AccessStep({ accountId, choices, onChange, step, onBack, onNext }: Props) {
  const check = useAccountCheck(accountId);
  const [submitted, setSubmitted] = useState(false);
  const errors = accessErrors(choices);
  const problems = check.data?.problems ?? [];
  const blocked = check.isPending || check.isFetching || check.isError || problems.length > 0;

  return (
    <StepFrame
      screen="access"
      title="Who may use the server"
      step={step}
      onBack={onBack}
      onSubmit={() => {
        setSubmitted(true);
        if (!blocked && Object.keys(errors).length === 0) onNext();
      }}
      next={{ label: 'Next', disabled: blocked, busy: check.isFetching }}
    >
      {check.isPending && <Skeleton lines={3} />}
      {check.error && (
        <ErrorNotice error={check.error} title="Could not read the account">
          <button type="button" className="btn" data-testid="setup-check-again" onClick={() => void check.refetch()}>
            Check again
          </button>
        </ErrorNotice>
      )}
      {check.data && (
        <>
          <AccountProblems problems={problems} checking={check.isFetching} onCheckAgain={() => void check.refetch()} />
          {check.data.authDomain && (
            <p className="muted">
              Zero Trust team: <code>{check.data.authDomain}</code>
            </p>
          )}
          <DeploymentNameField name={choices.name} onChange={(name) => onChange({ name })} showEmpty={submitted} />
          <AllowedUsersFields
            choices={choices}
            policies={check.data.policies}
            errors={submitted ? errors : {}}
            onChange={onChange}
          />
          <fieldset className="fieldset">
            <legend>Logging in</legend>
            <LoginMethodField
              providers={check.data.identityProviders}
              addOneTimePin={choices.addOneTimePin}
              onChange={(addOneTimePin) => onChange({ addOneTimePin })}
            />
            <label className="toggle">
              <input
                type="checkbox"
                data-testid="setup-refresh"
                checked={choices.refreshTokens}
                onChange={(e) => onChange({ refreshTokens: e.target.checked })}
              />
              Let the server refresh logins (refresh tokens)
            </label>
          </fieldset>
        </>
      )}
    </StepFrame>
  );
}
