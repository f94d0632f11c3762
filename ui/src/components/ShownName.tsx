import { memo } from 'react';
import { describeIssues, nameIssues, revealHidden } from '../lib/lookalike';
import { Highlighted } from './Highlighted';

/** `highlight`: a filter's terms to mark in a name that shows as it is. */
type Props = { text: string; className?: string; highlight?: readonly string[] };

/** A name or URI from a server, shown so it cannot pass for another: hidden and reordering characters appear as
 * their code points, and a name with such characters or mixed alphabets carries a warning mark. */
export const ShownName = memo(function ShownName({ text, className, highlight }: Props) {
  const issues = nameIssues(text);
  if (issues.length === 0) return <span className={className}>{highlight ? <Highlighted text={text} terms={highlight} /> : text}</span>;
  const description = describeIssues(issues, text);
  return (
    <span className={className ? `${className} name-suspicious` : 'name-suspicious'} data-lookalike={issues.join(' ')} title={description}>
      <span className="lookalike-mark" role="img" aria-label={description}>
        ⚠
      </span>
      {revealHidden(text).map((part, i) =>
        part.hidden ? (
          <span key={i} className={part.bidi ? 'hidden-char hidden-char-bidi' : 'hidden-char'}>
            {part.codePoint}
          </span>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </span>
  );
});
