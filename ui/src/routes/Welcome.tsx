import { useServers } from '../hooks/useServers';

type Props = { onSetup: () => void };

export function Welcome({ onSetup }: Props) {
  const servers = useServers();
  // With nothing saved yet, setting up one's own server comes first; afterwards, adding one does.
  const setupFirst = servers.data?.length === 0;
  return (
    <div className="page welcome">
      <h1>{setupFirst ? 'Your own MCP server, only for your team' : 'Explore an MCP server'}</h1>
      <p className="muted">
        Gatehouse can set up a remote MCP server on your Cloudflare account, behind Cloudflare Access so that only the
        people you choose can use it. Or add any remote MCP server by its URL: Gatehouse connects, logs you in through
        your browser when the server asks for it, and lets you call its tools, read its resources and try its prompts.
      </p>
      <div className="form-actions">
        <button type="button" className={setupFirst ? 'btn btn-primary' : 'btn'} data-testid="welcome-setup" onClick={onSetup}>
          Set up a server
        </button>
      </div>
      {/* One way to add a server, the same everywhere: the button at the top of the sidebar. */}
      <p className="muted" data-testid="welcome-add-hint">
        To explore a server you already have, use <strong>+ Add server</strong> at the top of the sidebar.
      </p>
    </div>
  );
}
