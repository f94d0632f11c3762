// The dev mock's "Check thoroughly": the first audit finds an older bundle and a missing secret; each fix clears its
// finding (so the panel's buttons can be tried in `make ui-dev`).
import type { AuditFinding, AuditFix, DeploymentAudit } from '../bindings/ipc';

const broken = new Map<string, Set<AuditFix>>();

const finding = (id: string, area: AuditFinding['area'], title: string, failing: AuditFix | null, detail: string): AuditFinding => ({
  id,
  area,
  title,
  outcome: failing ? 'fail' : 'pass',
  detail,
  fixHint: failing ? 'Let Gatehouse fix it (dev mock).' : null,
  fix: failing,
  facts: id === 'access.policy' ? ['Lets in: ada@example.com'] : [],
});

export function mockAudit(name: string): DeploymentAudit {
  if (!broken.has(name)) broken.set(name, new Set<AuditFix>(['updateServer', 'putSecrets']));
  const open = broken.get(name) ?? new Set<AuditFix>();
  const older = open.has('updateServer');
  const findings = [
    finding('token.valid', 'token', 'API token is valid', null, 'An active user API token.'),
    finding('access.policy', 'access', 'Policy still lets in whom it was set up for', null, 'Lets in who was chosen.'),
    finding('worker.secrets', 'worker', 'All six secrets exist', open.has('putSecrets') ? 'putSecrets' : null, open.has('putSecrets') ? 'The Worker lacks the secret ACCESS_JWKS_URL.' : '6 secrets set.'),
    finding('worker.bundle', 'worker', 'Worker runs the bundle this Gatehouse ships', older ? 'updateServer' : null, older ? 'The Worker runs an older bundle than this Gatehouse ships.' : 'It runs 0123456789abcdef.'),
    finding('live.challenge', 'live', '/mcp answers 401 with a login challenge', null, 'It asks for a login.'),
  ];
  return {
    name,
    passed: findings.every((f) => f.outcome === 'pass'),
    findings,
    bundle: { shipped: '0123456789abcdef', shippedVersion: '0.1.0', live: older ? null : '0123456789abcdef', liveVersion: older ? null : '0.1.0' },
    elapsedMs: 900,
  };
}

export function mockFix(name: string, fix: AuditFix): DeploymentAudit {
  broken.get(name)?.delete(fix);
  return mockAudit(name);
}
