import type { ContentBlock, ResourceContents } from '../bindings/ipc';
import { base64Size, formatBytes } from '../lib/format';
import { AnnotationsLine, EnlargeableImage, OpenLinkedResource, SaveBlobButton } from './ContentExtras';
import { decodeBase64Text, isMarkdownMime, isTextMime } from './contentExtras';
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

function TextBody({ text, markdown }: { text: string; markdown: boolean }) {
  if (markdown && text.length <= MARKDOWN_LIMIT) return <SafeMarkdown text={text} />;
  return <pre className="resource-text">{text}</pre>;
}

/** A resource's contents. `showUri` is false where the URI is already shown above (the resource being read). */
export function ResourceContentsView({ contents, showUri = true }: { contents: ResourceContents; showUri?: boolean }) {
  if (contents.kind === 'text') {
    return (
      <figure className="block block-resource" data-kind="resource-text">
        {(showUri || contents.mimeType) && (
          <figcaption>
            {showUri && (
              <code>
                <ShownName text={contents.uri} />
              </code>
            )}{' '}
            {contents.mimeType && <span className="muted">{contents.mimeType}</span>}
          </figcaption>
        )}
        <TextBody text={contents.text} markdown={isMarkdownMime(contents.mimeType)} />
      </figure>
    );
  }
  const mime = contents.mimeType ?? 'application/octet-stream';
  const name = contents.uri.split('/').pop() || 'resource';
  // A blob whose MIME type says text is shown as text (when it is valid UTF-8); it can still be saved.
  const text = isTextMime(mime) ? decodeBase64Text(contents.blob) : null;
  return (
    <figure className="block block-resource" data-kind="resource-blob">
      <figcaption>
        {showUri && (
          <code>
            <ShownName text={contents.uri} />
          </code>
        )}{' '}
        <span className="muted">{mime}</span>
      </figcaption>
      {/^image\/(png|jpeg|gif|webp)$/.test(mime) && <EnlargeableImage src={dataUrl(mime, contents.blob)} alt={name} className="resource-image" />}
      {text !== null && <TextBody text={text} markdown={isMarkdownMime(mime)} />}
      <div className="blob-actions">
        {text !== null ? 'Text' : 'Binary'}, {formatBytes(base64Size(contents.blob))}.{' '}
        <SaveBlobButton uri={contents.uri} mimeType={contents.mimeType} blob={contents.blob} />
      </div>
    </figure>
  );
}

/** One content block; if it cannot be rendered, its JSON as text (the rest of the result stays). */
export function ContentBlockView({ block }: { block: ContentBlock }) {
  return (
    <ServerContentBoundary text={JSON.stringify(block, null, 2)} resetKey={block}>
      <BlockView block={block} />
      {block.type !== 'unknown' && <AnnotationsLine annotations={block.annotations} />}
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
          <EnlargeableImage src={dataUrl(block.mimeType, block.data)} alt={`Image result (${block.mimeType})`} />
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
          {block.mimeType && <span className="muted"> {block.mimeType}</span>}{' '}
          <OpenLinkedResource
            uri={block.uri}
            render={(outcome) =>
              outcome.contents.length === 0 ? (
                <p className="muted">The resource is empty.</p>
              ) : (
                outcome.contents.map((c, i) => <ResourceContentsView key={`${c.uri}:${i}`} contents={c} showUri={c.uri !== block.uri} />)
              )
            }
          />
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
