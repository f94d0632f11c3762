import type { ContentBlock } from '../bindings/ipc';
import { useProgressiveCount } from '../hooks/useProgressiveCount';
import { ContentBlockView } from './ContentBlockView';

/** The first blocks render at once, the rest in pieces after them (a result of thousands of blocks). */
const FIRST_BLOCKS = 40;
const BLOCKS_PER_PIECE = 120;

/** A result's content blocks, in order; a long list renders in pieces so the window stays responsive. */
export function ContentBlockList({ blocks }: { blocks: ContentBlock[] }) {
  const shown = useProgressiveCount(blocks, blocks.length, FIRST_BLOCKS, BLOCKS_PER_PIECE);
  return (
    <>
      {blocks.slice(0, shown).map((block, i) => (
        <ContentBlockView key={i} block={block} />
      ))}
      {shown < blocks.length && (
        <p className="muted" data-testid="blocks-rendering">
          Showing {shown} of {blocks.length} blocks…
        </p>
      )}
    </>
  );
}
