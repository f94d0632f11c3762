import type { IpcError } from '../../bindings/ipc';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/Spinner';

type Props = { problems: IpcError[]; checking: boolean; onCheckAgain: () => void };

/** What stops setup on this account (no Zero Trust organization, no workers.dev subdomain), each with its fix,
 * and a way to check again once it is fixed in the dashboard. */
export function AccountProblems({ problems, checking, onCheckAgain }: Props) {
  if (problems.length === 0) return null;
  return (
    <div className="stack" data-testid="account-problems">
      <p>
        <strong>Fix these on Cloudflare first</strong>, then check again:
      </p>
      {problems.map((p) => (
        <ErrorNotice key={`${p.code}:${p.message}`} error={p} testId="account-problem" />
      ))}
      <div>
        <button type="button" className="btn" data-testid="setup-check-again" disabled={checking} onClick={onCheckAgain}>
          {checking && <Spinner label="Checking" />}
          Check again
        </button>
      </div>
    </div>
  );
}
