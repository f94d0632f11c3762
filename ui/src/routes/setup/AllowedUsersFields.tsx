import type { PolicyInfo } from '../../bindings/ipc';
import { EmailList } from '../../components/EmailList';
import { Field } from '../../components/Field';
import type { AccessChoices, AccessField, AllowedKind } from '../../lib/setupInput';

type Props = {
  choices: AccessChoices;
  policies: PolicyInfo[];
  errors: Partial<Record<AccessField, string>>;
  onChange: (patch: Partial<AccessChoices>) => void;
};

/** Who may log in: listed email addresses, everyone at a domain, or the people of an existing Access policy. */
export function AllowedUsersFields({ choices, policies, errors, onChange }: Props) {
  const kinds: { kind: AllowedKind; label: string }[] = [
    { kind: 'emails', label: 'These email addresses' },
    { kind: 'domain', label: 'Everyone with an address at a domain' },
    ...(policies.length > 0 ? [{ kind: 'existing_policy' as const, label: 'The people of an existing Access policy' }] : []),
  ];
  return (
    <fieldset className="fieldset">
      <legend>Allowed people</legend>
      <div className="choice-row" role="radiogroup" aria-label="Allow">
        {kinds.map((k) => (
          <label key={k.kind} className="toggle">
            <input
              type="radio"
              name="allowed-kind"
              data-testid={`setup-allowed-${k.kind}`}
              checked={choices.allowedKind === k.kind}
              onChange={() => onChange({ allowedKind: k.kind })}
            />
            {k.label}
          </label>
        ))}
      </div>
      {choices.allowedKind === 'emails' && (
        <EmailList emails={choices.emails} onChange={(emails) => onChange({ emails })} error={errors.emails} />
      )}
      {choices.allowedKind === 'domain' && (
        <Field label="Email domain" error={errors.domain} help="Everyone whose address ends in @ this domain may log in.">
          {(p) => (
            <input
              {...p}
              data-testid="setup-domain"
              placeholder="example.com"
              spellCheck={false}
              autoComplete="off"
              value={choices.domain}
              onChange={(e) => onChange({ domain: e.target.value })}
            />
          )}
        </Field>
      )}
      {choices.allowedKind === 'existing_policy' && (
        <Field label="Access policy" error={errors.policyId}>
          {(p) => (
            <select {...p} data-testid="setup-policy" value={choices.policyId} onChange={(e) => onChange({ policyId: e.target.value })}>
              <option value="">Choose a policy…</option>
              {policies.map((pol) => (
                <option key={pol.id} value={pol.id}>
                  {pol.name} — {pol.summary}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
    </fieldset>
  );
}
