import type { ResourceContents } from '../bindings/ipc';
import { ResourceContentsView } from './ContentBlockView';

/** A resource's contents; the URI of a part is left out when it is `shownUri`, already shown above. */
export function ResourceContentsList({ contents, shownUri }: { contents: ResourceContents[]; shownUri?: string }) {
  if (contents.length === 0) return <p className="muted">The resource is empty.</p>;
  return (
    <div className="result-blocks">
      {contents.map((c, i) => (
        <ResourceContentsView key={`${c.uri}:${i}`} contents={c} showUri={c.uri !== shownUri} />
      ))}
    </div>
  );
}
