import { useEffect } from 'react';
import type { CheckStatus } from '../bindings/ipc';
import { useDoctor } from '../hooks/useDoctor';
import { ErrorNotice } from './ErrorNotice';
import { Spinner } from './Spinner';

const MARK: Record<CheckStatus, string> = { pass: '✓', fail: '✗', skipped: '–' };

/** The connection doctor: each check ✓ or ✗, what it found, and what to do. Runs at once when opened. */
export function ConnectionDoctor({ serverId }: { serverId: string }) {
  const doctor = useDoctor(serverId);
  const { mutate } = doctor;
  useEffect(() => mutate(), [mutate]);
  const report = doctor.data;
  const failed = report?.checks.filter((c) => c.status === 'fail').length ?? 0;
  return (
    <div className="stack" data-testid="doctor">
      <div className="doctor-head">
        {doctor.isPending ? (
          <Spinner label="Checking the connection" />
        ) : report ? (
          <strong data-testid="doctor-summary">{failed === 0 ? 'All checks passed.' : `${failed} check(s) failed.`}</strong>
        ) : null}
        <button type="button" className="btn btn-small" data-testid="doctor-run" onClick={() => mutate()} disabled={doctor.isPending}>
          Check again
        </button>
      </div>
      {doctor.error && <ErrorNotice error={doctor.error} />}
      {report && (
        <ul className="doctor-checks">
          {report.checks.map((c) => (
            <li key={c.id} className={`doctor-check doctor-${c.status}`} data-testid={`doctor-check-${c.id}`} data-status={c.status}>
              <span className="doctor-mark" aria-label={c.status}>
                {MARK[c.status]}
              </span>
              <div>
                <strong>{c.title}</strong>
                <p>{c.found}</p>
                {c.fix && <p className="doctor-fix">What to do: {c.fix}</p>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
