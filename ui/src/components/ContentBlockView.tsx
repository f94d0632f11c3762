import type { ContentBlock, ResourceContents } from '../bindings/ipc';
import { base64Size, formatBytes } from '../lib/format';
import { JsonView } from './JsonView';
import { LongText } from './LongText';
import { SafeMarkdown } from './SafeMarkdown';
import { ServerContentBoundary } from './ServerContentBoundary';
import { ShownName } from './ShownName';

/** Past this size markdown parsing costs more than it gives: show plain text. */
const MARKDOWN_LIMIT = 100_000;

function dataUrl(mimeType: string, base64: string): string {
  return `data:${mimeType};base64,${base64}`;
}

export function ResourceContentsView({ contents }: { contents: ResourceContents }) {
  if (contents.kind === 'text') {
    return (
      <figure className="block block-resource" data-kind="resource-text">
        <figcaption>
          <code>
            <ShownName text={contents.uri} />
          </code>{' '}
          {contents.mimeType && <span className="muted">{contents.mimeType}</span>}
        </figcaption>
        <pre className="resource-text">{contents.text}</pre>
      </figure>
    );
  }
  const mime = contents.mimeType ?? 'application/octet-stream';
  const name = contents.uri.split('/').pop() || 'resource';
  return (
    <figure className="block block-resource" data-kind="resource-blob">
      <figcaption>
        <code>
          <ShownName text={contents.uri} />
        </code>{' '}
        <span className="muted">{mime}</span>
      </figcaption>
      {/^image\/(png|jpeg|gif|webp)$/.test(mime) && <img src={dataUrl(mime, contents.blob)} alt={name} className="resource-image" />}
      <p>
        Binary, {formatBytes(base64Size(contents.blob))}.{' '}
        <a href={dataUrl(mime, contents.blob)} download={name}>
          Download
        </a>
      </p>
    </figure>
  );
}

/** One content block; if it cannot be rendered, its JSON as text (the rest of the result stays). */
export function ContentBlockView({ block }: { block: ContentBlock }) {
  return (
    <ServerContentBoundary text={JSON.stringify(block, null, 2)} resetKey={block}>
      <BlockView block={block} />
    </ServerContentBoundary>
  );
}

function BlockView({ block }: { block: ContentBlock }) {
  switch (block.type) {
    case 'text':
      return (
        <div className="block block-text" data-kind="text">
          {block.text.length > MARKDOWN_LIMIT ? (
            <>
              <p className="muted">Long text ({formatBytes(block.text.length)}), shown as plain text.</p>
              <LongText text={block.text} />
            </>
          ) : (
            <SafeMarkdown text={block.text} />
          )}
        </div>
      );
    case 'image':
      return (
        <figure className="block block-image" data-kind="image">
          <img src={dataUrl(block.mimeType, block.data)} alt={`Image result (${block.mimeType})`} />
        </figure>
      );
    case 'audio':
      return (
        <figure className="block block-audio" data-kind="audio">
          <audio controls src={dataUrl(block.mimeType, block.data)} aria-label={`Audio result (${block.mimeType})`} />
        </figure>
      );
    case 'resource_link':
      return (
        <div className="block block-link" data-kind="resource_link">
          <span className="badge">link</span>{' '}
          <strong>
            <ShownName text={block.title ?? block.name} />
          </strong>{' '}
          <code>
            <ShownName text={block.uri} />
          </code>
          {block.mimeType && <span className="muted"> {block.mimeType}</span>}
          {block.description && <p className="muted">{block.description}</p>}
        </div>
      );
    case 'resource':
      return <ResourceContentsView contents={block.resource} />;
    case 'unknown':
      return (
        <div className="block block-unknown" data-kind="unknown">
          <span className="badge">unknown content</span>
          <JsonView value={block.raw} />
        </div>
      );
  }
}
