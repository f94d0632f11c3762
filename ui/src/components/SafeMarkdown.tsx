import Markdown, { type Components } from 'react-markdown';
import { openExternal, safeExternalUrl } from '../lib/links';
import { nestsTooDeeply } from '../lib/markdownDepth';
import { isPlainText, plainParagraphs } from '../lib/plainText';
import { ServerContentBoundary } from './ServerContentBoundary';

function Link({ href, children }: { href?: string; children?: React.ReactNode }) {
  const url = safeExternalUrl(href);
  if (!url) return <span className="link-disabled">{children}</span>;
  return (
    <a
      href={url}
      title={url}
      onClick={(e) => {
        e.preventDefault();
        void openExternal(url);
      }}
    >
      {children}
    </a>
  );
}

function Image({ src, alt }: { src?: string | Blob; alt?: string }) {
  // Remote images are blocked by the CSP (and would leak the user's address); only inline data images render.
  if (typeof src === 'string' && /^data:image\/(png|jpeg|gif|webp);base64,/i.test(src)) {
    return <img src={src} alt={alt ?? ''} className="md-image" />;
  }
  return <span className="link-disabled">[image: {alt || 'external'}]</span>;
}

const components: Components = {
  a: ({ href, children }) => <Link href={href}>{children}</Link>,
  img: ({ src, alt }) => <Image src={src} alt={alt} />,
};

/** Markdown from a server: no raw HTML (react-markdown drops it without rehype-raw), links open in the browser.
 * Text that nests too deeply to parse safely, or that fails to render, is shown as plain text. */
export function SafeMarkdown({ text }: { text: string }) {
  if (isPlainText(text)) {
    // What the parser would make of it, without the parser.
    return (
      <div className="markdown">
        {plainParagraphs(text).map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </div>
    );
  }
  if (nestsTooDeeply(text)) {
    return (
      <div className="markdown markdown-as-text" data-testid="markdown-as-text">
        <pre className="resource-text">{text}</pre>
      </div>
    );
  }
  return (
    <ServerContentBoundary text={text}>
      <div className="markdown">
        <Markdown components={components} skipHtml>
          {text}
        </Markdown>
      </div>
    </ServerContentBoundary>
  );
}
