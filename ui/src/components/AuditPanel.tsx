import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AuditArea, AuditFinding, AuditFix, DeploymentAudit } from '../bindings/ipc';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';
import { ErrorNotice } from './ErrorNotice';
import { Spinner } from './Spinner';
import './AuditPanel.css';

const AREAS: { area: AuditArea; title: string }[] = [
  { area: 'token', title: 'API token' },
  { area: 'access', title: 'Access' },
  { area: 'worker', title: 'Worker' },
  { area: 'live', title: 'Live' },
];

/** What each fix button says. */
export function fixLabel(fix: AuditFix): string {
  switch (fix) {
    case 'putSecrets':
      return 'Put the secrets again';
    case 'enableWorkersDev':
      return 'Turn workers.dev on';
    case 'replaceAccess':
      return 'Replace the Access application';
    case 'updateServer':
      return 'Update the server';
    case 'recreateKvNamespace':
      return 'Make a new KV namespace';
  }
}

type Props = { name: string; disabled: boolean };

/**
 * "Check thoroughly": every check of the deployment against the live account and Worker, grouped by area, each
 * failure with its fix, and a button where Gatehouse can make the fix itself ("Update the server" among them).
 */
export function AuditPanel({ name, disabled }: Props) {
  const client = useQueryClient();
  const audit = useMutation({ mutationFn: () => call('deployment_audit', { name }) });
  const fix = useMutation({
    mutationFn: (f: AuditFix) => call('deployment_fix', { name, fix: f }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.deploymentHealth(name) });
      void client.invalidateQueries({ queryKey: keys.deployments });
    },
  });
  // The latest of the two: a fix answers with the audit made after it.
  const result: DeploymentAudit | undefined =
    fix.data && (!audit.data || fix.submittedAt >= audit.submittedAt) ? fix.data : audit.data;
  const working = audit.isPending || fix.isPending;
  const update = result?.findings.find((f) => f.fix === 'updateServer' && f.id === 'worker.bundle');

  return (
    <section className="stack audit" data-testid={`audit-${name}`} aria-label={`Thorough check of ${name}`}>
      <div className="form-actions">
        <button
          type="button"
          className="btn"
          data-testid={`audit-run-${name}`}
          disabled={disabled || working}
          onClick={() => audit.mutate()}
        >
          Check thoroughly
        </button>
        {update && (
          <button
            type="button"
            className="btn btn-primary"
            data-testid={`audit-update-${name}`}
            disabled={disabled || working}
            onClick={() => fix.mutate('updateServer')}
          >
            Update the server
          </button>
        )}
        {audit.isPending && <Spinner label="Checking thoroughly" />}
        {fix.isPending && fix.variables && <Spinner label={`${fixLabel(fix.variables)}…`} />}
      </div>
      {audit.error && <ErrorNotice error={audit.error} title="Could not check the deployment" />}
      {fix.error && <ErrorNotice error={fix.error} title="The fix did not finish" testId={`audit-fix-error-${name}`} />}
      {result && <AuditResult audit={result} disabled={disabled || working} onFix={(f) => fix.mutate(f)} />}
    </section>
  );
}

function AuditResult({ audit, disabled, onFix }: { audit: DeploymentAudit; disabled: boolean; onFix: (f: AuditFix) => void }) {
  const failed = audit.findings.filter((f) => f.outcome !== 'pass').length;
  return (
    <div className="stack" data-testid={`audit-result-${audit.name}`} data-passed={audit.passed}>
      <p className={audit.passed ? 'audit-summary audit-ok' : 'audit-summary audit-attention'}>
        {audit.passed
          ? `Every check passed (${audit.findings.length} checks, ${(audit.elapsedMs / 1000).toFixed(1)} s).`
          : `${failed} of ${audit.findings.length} checks need attention.`}
      </p>
      <p className="muted">
        Bundle: this Gatehouse ships <code>{audit.bundle.shipped}</code> (version {audit.bundle.shippedVersion}); the Worker runs{' '}
        {audit.bundle.live ? <code>{audit.bundle.live}</code> : 'a bundle that does not say which'}
        {audit.bundle.liveVersion ? ` (version ${audit.bundle.liveVersion})` : ''}.
      </p>
      {AREAS.map(({ area, title }) => {
        const findings = audit.findings.filter((f) => f.area === area);
        if (findings.length === 0) return null;
        return (
          <div key={area} className="stack audit-area">
            <h3>{title}</h3>
            <ul className="plain-list check-list">
              {findings.map((f) => (
                <FindingItem key={f.id} finding={f} disabled={disabled} onFix={onFix} />
              ))}
            </ul>
          </div>
        );
      })}
    </div>
  );
}

function FindingItem({ finding: f, disabled, onFix }: { finding: AuditFinding; disabled: boolean; onFix: (f: AuditFix) => void }) {
  const icon = f.outcome === 'pass' ? '✓' : f.outcome === 'fail' ? '✕' : '–';
  const iconClass = f.outcome === 'pass' ? 'step-icon-done' : f.outcome === 'fail' ? 'step-icon-failed' : 'step-icon-skipped';
  const word = f.outcome === 'pass' ? 'Passed:' : f.outcome === 'fail' ? 'Failed:' : 'Not checked:';
  return (
    <li className="check-item audit-finding" data-testid={`audit-finding-${f.id}`} data-outcome={f.outcome}>
      <span className={`step-icon ${iconClass}`} aria-hidden="true">
        {icon}
      </span>
      <span className="visually-hidden">{word}</span>
      <strong>{f.title}</strong>
      <span className="muted selectable">{f.detail}</span>
      {f.facts.length > 0 && (
        <ul className="plain-list audit-facts">
          {f.facts.map((fact) => (
            <li key={fact} className="selectable">
              {fact}
            </li>
          ))}
        </ul>
      )}
      {f.fixHint && <span className="audit-hint">Fix: {f.fixHint}</span>}
      {f.fix && (
        <button
          type="button"
          className="btn btn-small"
          data-testid={`audit-fix-${f.id}`}
          disabled={disabled}
          onClick={() => f.fix && onFix(f.fix)}
        >
          {fixLabel(f.fix)}
        </button>
      )}
    </li>
  );
}
