export function Welcome({ onAdd }: { onAdd: () => void }) {
  return (
    <div className="page welcome">
      <h1>Explore an MCP server</h1>
      <p className="muted">
        Add a remote MCP server by its URL. Gatehouse connects, logs you in through your browser when the server asks
        for it, and lets you call its tools, read its resources and try its prompts.
      </p>
      <button type="button" className="btn btn-primary" onClick={onAdd}>
        Add a server
      </button>
    </div>
  );
}
