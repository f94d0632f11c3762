import { lazy, Suspense } from 'react';

// The markdown renderer (react-markdown and its parser) is a large part of the UI's script: it loads the first time
// some markdown is shown, and until then the text is shown as it is.
const SafeMarkdown = lazy(() => import('./SafeMarkdown').then((m) => ({ default: m.SafeMarkdown })));

/** {@link SafeMarkdown}, loaded when first needed. */
export function LazyMarkdown({ text }: { text: string }) {
  return (
    <Suspense fallback={<div className="markdown markdown-as-text">{text}</div>}>
      <SafeMarkdown text={text} />
    </Suspense>
  );
}
