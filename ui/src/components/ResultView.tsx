import type { ResourceContents } from '../bindings/ipc';
import { ResourceContentsView } from './ContentBlockView';

export function ResourceContentsList({ contents }: { contents: ResourceContents[] }) {
  if (contents.length === 0) return <p className="muted">The resource is empty.</p>;
  return (
    <div className="result-blocks">
      {contents.map((c, i) => (
        <ResourceContentsView key={`${c.uri}:${i}`} contents={c} />
      ))}
    </div>
  );
}
