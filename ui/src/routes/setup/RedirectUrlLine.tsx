import { CopyButton } from '../../components/CopyButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Spinner } from '../../components/Spinner';
import { useDebounced } from '../../hooks/useDebounced';
import { useRedirectUrl } from '../../hooks/useRedirectUrl';
import { nameError } from '../../lib/setupInput';

/** The redirect URL for the Access application, with a Copy button; it depends on the deployment name. */
export function RedirectUrlLine({ accountId, name }: { accountId: string; name: string }) {
  const settled = useDebounced(name, 300);
  const valid = !nameError(settled) && settled === name;
  const url = useRedirectUrl(accountId, settled, valid);
  if (nameError(name)) return <span className="muted">(type a valid deployment name above to see it)</span>;
  if (!valid || url.isPending) return <Spinner label="Working out the redirect URL" />;
  if (url.error) return <ErrorNotice error={url.error} title="Could not work out the redirect URL" />;
  return (
    <span className="copy-line">
      <code className="selectable" data-testid="setup-redirect-url">
        {url.data}
      </code>
      <CopyButton text={url.data} label="Copy" testId="setup-copy-redirect" />
    </span>
  );
}
