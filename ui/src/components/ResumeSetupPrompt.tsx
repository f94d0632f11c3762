import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useDeploymentsAtStart } from '../hooks/useDeploymentsAtStart';
import { useSetupRun } from '../hooks/useSetupRun';
import { runSetupResume } from '../lib/provisionActions';
import { forgetSetupRun } from '../lib/provisionRuns';
import { setupStepTitle } from '../lib/setupSteps';
import { SetupRunView } from './SetupRunView';

type Props = {
  onLogin: (serverId: string) => void;
  onShowDeployments: () => void;
  /** Hidden (but kept) while the Deployments page shows the same run. */
  hidden: boolean;
};

/** When the app starts with a setup that never finished (the app was closed part way), offers to resume it and
 * shows the resumed run live. */
export function ResumeSetupPrompt({ onLogin, onShowDeployments, hidden }: Props) {
  const client = useQueryClient();
  const atStart = useDeploymentsAtStart();
  const [dismissed, setDismissed] = useState(false);
  const [started, setStarted] = useState(false);
  const incomplete = (atStart.data ?? []).filter((d) => !d.complete);
  const first = incomplete[0];
  const run = useSetupRun(first?.name ?? null);
  // A run started elsewhere (the wizard, the Deployments page) is shown there.
  if (!first || dismissed || hidden || (run && !started)) return null;
  const close = () => {
    setDismissed(true);
    if (run && run.status !== 'running') forgetSetupRun(first.name);
  };
  const serverId = run?.deployment?.serverId ?? null;
  return (
    <section className="resume-prompt" data-testid="resume-setup" aria-label={`Unfinished setup of ${first.name}`}>
      <div className="toolbar">
        <p className="resume-text">
          {run ? (
            run.status === 'done' ? (
              <span data-testid="resume-setup-done">
                <strong>{first.name}</strong> is set up.
              </span>
            ) : (
              <>
                Resuming the setup of <strong>{first.name}</strong>.
              </>
            )
          ) : (
            <>
              The setup of <strong>{first.name}</strong> did not finish
              {first.nextStep ? <> (it stopped before “{setupStepTitle(first.nextStep)}”)</> : null}.
              {incomplete.length > 1 && (
                <>
                  {' '}
                  {incomplete.length - 1} more unfinished:{' '}
                  <button type="button" className="btn btn-small" onClick={onShowDeployments}>
                    see Deployments
                  </button>
                </>
              )}
            </>
          )}
        </p>
        <span className="spacer" />
        {!run && (
          <button
            type="button"
            className="btn btn-primary"
            data-testid="resume-setup-start"
            onClick={() => {
              setStarted(true);
              void runSetupResume(client, first.name);
            }}
          >
            Resume setup of {first.name}
          </button>
        )}
        {serverId && (
          <button type="button" className="btn btn-primary" data-testid="resume-setup-login" onClick={() => onLogin(serverId)}>
            Log in and explore
          </button>
        )}
        <button
          type="button"
          className="btn"
          data-testid="resume-setup-dismiss"
          disabled={run?.status === 'running'}
          onClick={close}
        >
          {run ? 'Close' : 'Not now'}
        </button>
      </div>
      {run && run.status !== 'done' && <SetupRunView run={run} plan={null} onRetry={() => void runSetupResume(client, first.name)} />}
    </section>
  );
}
