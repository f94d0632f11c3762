import { DeploymentRow } from '../components/DeploymentRow';
import { ErrorNotice } from '../components/ErrorNotice';
import { Skeleton } from '../components/Spinner';
import { TeardownReportCard } from '../components/TeardownReportCard';
import { useDeployments } from '../hooks/useDeployments';
import { useLoginAndExplore } from '../hooks/useLoginAndExplore';
import { useTeardownRuns } from '../hooks/useTeardownRuns';
import { forgetTeardownRun } from '../lib/provisionRuns';

type Props = { onOpenServer: (serverId: string) => void; onSetup: () => void };

/** Every deployment this app set up, each checked live, with re-run, log in and tear down. */
export function DeploymentsPage({ onOpenServer, onSetup }: Props) {
  const list = useDeployments();
  const teardowns = useTeardownRuns();
  const login = useLoginAndExplore(onOpenServer);
  const deployments = list.data ?? [];
  // A finished teardown's deployment leaves the list; its report stays here until dismissed.
  const gone = Object.values(teardowns).filter((r) => r.report && !deployments.some((d) => d.name === r.name));

  return (
    <div className="page deployments-page">
      <header className="page-header">
        <div className="page-title">
          <h1>Deployments</h1>
          <p className="muted">MCP servers this app set up on Cloudflare, checked live.</p>
        </div>
        <div className="page-actions">
          <button type="button" className="btn" disabled={list.isFetching} onClick={() => void list.refetch()}>
            Refresh
          </button>
          <button type="button" className="btn btn-primary" onClick={onSetup}>
            Set up a server
          </button>
        </div>
      </header>
      {gone.map((r) =>
        r.report ? <TeardownReportCard key={r.name} report={r.report} onDismiss={() => forgetTeardownRun(r.name)} /> : null,
      )}
      {list.isPending && <Skeleton lines={4} />}
      {list.error && <ErrorNotice error={list.error} />}
      {list.isSuccess && deployments.length === 0 && (
        <p className="muted empty" data-testid="deployments-empty">
          No deployments yet. “Set up a server” creates one on your Cloudflare account.
        </p>
      )}
      <ul className="plain-list stack" data-testid="deployments-list">
        {deployments.map((d) => (
          <DeploymentRow key={d.name} deployment={d} onLogin={(id) => void login.start(id)} loginPending={login.starting} />
        ))}
      </ul>
    </div>
  );
}
