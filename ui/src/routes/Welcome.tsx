import { useServers } from '../hooks/useServers';

type Props = { onAdd: () => void; onSetup: () => void };

export function Welcome({ onAdd, onSetup }: Props) {
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
        {setupFirst ? (
          <>
            <button key="setup" type="button" className="btn btn-primary" data-testid="welcome-setup" onClick={onSetup}>
              Set up a server
            </button>
            <button key="add" type="button" className="btn" onClick={onAdd}>
              Add an existing server
            </button>
          </>
        ) : (
          <>
            <button key="add" type="button" className="btn btn-primary" onClick={onAdd}>
              Add a server
            </button>
            <button key="setup" type="button" className="btn" data-testid="welcome-setup" onClick={onSetup}>
              Set up a server
            </button>
          </>
        )}
      </div>
    </div>
  );
}
