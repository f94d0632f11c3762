import { Field } from '../../components/Field';
import { nameError } from '../../lib/setupInput';

type Props = { name: string; onChange: (name: string) => void; showEmpty: boolean };

/** The deployment's name, checked as it is typed: it becomes the Worker's name and part of its address. */
export function DeploymentNameField({ name, onChange, showEmpty }: Props) {
  const error = name || showEmpty ? nameError(name) : undefined;
  return (
    <Field
      label="Deployment name"
      error={error}
      help="Also the Worker's name: lowercase letters, digits and hyphens (e.g. gatehouse-mcp)."
    >
      {(p) => (
        <input
          {...p}
          data-testid="setup-name"
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="none"
          maxLength={63}
          value={name}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
