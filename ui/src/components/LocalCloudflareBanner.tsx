import { useCloudflareStatus } from '../hooks/useCloudflareStatus';

/** Says plainly, at the top of the window, when the app is pointed at the local Cloudflare stand-in. */
export function LocalCloudflareBanner() {
  const status = useCloudflareStatus();
  if (!status.data?.local) return null;
  return (
    <div className="local-banner" role="note" data-testid="local-cloudflare-banner">
      <strong>Local Cloudflare:</strong> this app is talking to a stand-in on <code>{status.data.apiBase}</code>, not your
      Cloudflare account.
    </div>
  );
}
