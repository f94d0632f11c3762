import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Deployment } from '../bindings/ipc';
import { useDeploymentCheck } from '../hooks/useDeploymentCheck';
import { useSetupRun } from '../hooks/useSetupRun';
import { useTeardownRun } from '../hooks/useTeardownRun';
import { formatDateTime } from '../lib/format';
import { runSetupResume, runTeardown } from '../lib/provisionActions';
import { setupStepTitle } from '../lib/setupSteps';
import { AuditPanel } from './AuditPanel';
import { ErrorNotice } from './ErrorNotice';
import { HealthChecks } from './HealthChecks';
import { SetupRunView } from './SetupRunView';
import { Spinner } from './Spinner';
import { TeardownDialog } from './TeardownDialog';
import { TeardownReportCard } from './TeardownReportCard';
import { TeardownRunView } from './TeardownRunView';

type Props = { deployment: Deployment; onLogin: (serverId: string) => void; loginPending: boolean };

/** One deployment: what it is, its live health, and re-run, log in and tear down. */
export function DeploymentRow({ deployment: d, onLogin, loginPending }: Props) {
  const client = useQueryClient();
  const setup = useSetupRun(d.name);
  const teardown = useTeardownRun(d.name);
  const busy = setup?.status === 'running' || teardown?.status === 'running';
  // Not while it changes, nor once it is torn down (the row leaves when the list is read again).
  const health = useDeploymentCheck(d.name, !busy && teardown?.status !== 'done');
  const [confirming, setConfirming] = useState(false);
  const healthState = health.data ? (health.data.healthy ? 'healthy' : 'attention') : health.error ? 'unknown' : 'checking';

  return (
    <li className="card stack deployment" data-testid={`deployment-${d.name}`} data-complete={d.complete} data-health={healthState}>
      <header className="deployment-header">
        <div className="page-title">
          <h2>{d.name}</h2>
          {d.mcpUrl && <code className="muted">{d.mcpUrl}</code>}
        </div>
        <div className="page-actions">
          {health.isFetching && <Spinner label="Checking" />}
          {health.data && (
            <span className={health.data.healthy ? 'badge badge-ok' : 'badge badge-warn'} data-testid={`deployment-health-${d.name}`}>
              {health.data.healthy ? 'Healthy' : 'Needs attention'}
            </span>
          )}
          {!d.complete && <span className="badge badge-warn">Setup not finished</span>}
        </div>
      </header>

      <dl className="facts">
        {d.workerUrl && (
          <div>
            <dt>Worker</dt>
            <dd className="selectable">{d.workerUrl}</dd>
          </div>
        )}
        <div>
          <dt>Access application</dt>
          <dd>{d.manualAccess ? `${d.accessAppName ?? 'made by hand'} (made by hand)` : (d.accessAppName ?? '—')}</dd>
        </div>
        {d.policyName && (
          <div>
            <dt>Policy</dt>
            <dd>{d.policyName}</dd>
          </div>
        )}
        <div>
          <dt>{d.complete ? 'Set up' : 'Stopped before'}</dt>
          <dd>{d.complete ? (d.completedAt ? formatDateTime(d.completedAt) : 'yes') : d.nextStep ? setupStepTitle(d.nextStep) : '—'}</dd>
        </div>
      </dl>

      {health.data && <HealthChecks health={health.data} />}
      {health.error && <ErrorNotice error={health.error} title="Could not check the deployment" />}

      <div className="form-actions">
        <button
          type="button"
          className={d.complete ? 'btn' : 'btn btn-primary'}
          data-testid={`deployment-rerun-${d.name}`}
          disabled={busy}
          onClick={() => void runSetupResume(client, d.name)}
        >
          {d.complete ? 'Re-run setup' : 'Resume setup'}
        </button>
        <button
          type="button"
          className="btn"
          data-testid={`deployment-check-${d.name}`}
          disabled={busy || health.isFetching}
          onClick={() => void health.refetch()}
        >
          Check again
        </button>
        {d.serverId && (
          <button
            type="button"
            className={d.complete ? 'btn btn-primary' : 'btn'}
            data-testid={`deployment-login-${d.name}`}
            disabled={busy || loginPending}
            onClick={() => d.serverId && onLogin(d.serverId)}
          >
            Log in and explore
          </button>
        )}
        <span className="spacer" />
        <button
          type="button"
          className="btn btn-danger-ghost"
          data-testid={`deployment-teardown-${d.name}`}
          disabled={busy || confirming}
          onClick={() => setConfirming(true)}
        >
          Tear down…
        </button>
      </div>

      {d.complete && <AuditPanel name={d.name} disabled={busy} />}

      {confirming && (
        <TeardownDialog
          deployment={d}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void runTeardown(client, d.name);
          }}
        />
      )}
      {setup && <SetupRunView run={setup} plan={null} onRetry={() => void runSetupResume(client, d.name)} />}
      {teardown && <TeardownRunView run={teardown} onRetry={() => void runTeardown(client, d.name)} />}
      {teardown?.report && <TeardownReportCard report={teardown.report} />}
    </li>
  );
}
