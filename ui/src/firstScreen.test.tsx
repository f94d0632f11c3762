import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, expect, it } from 'vitest';
import indexHtml from '../index.html?raw';
import { App } from './App';
import { createQueryClient } from './lib/queryClient';

afterEach(() => {
  cleanup();
  clearMocks();
});

/** The markup as it shows: without test ids (the page's static copy has none, see index.html) and whitespace-only
 * text between elements, with runs of white space as one. */
function shown(root: Element): string {
  const copy = root.cloneNode(true) as Element;
  for (const element of copy.querySelectorAll('[data-testid]')) element.removeAttribute('data-testid');
  const walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
  const blank: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.textContent?.trim() === '') blank.push(node as Text);
    else node.textContent = node.textContent?.replace(/\s+/g, ' ') ?? '';
  }
  for (const node of blank) node.remove();
  return copy.innerHTML;
}

it('index.html holds the first screen React renders, so it paints before the script has run', () => {
  // The core has not answered yet: what the window shows until it does.
  mockIPC(() => new Promise(() => {}), { shouldMockEvents: true });
  const { container } = render(
    <QueryClientProvider client={createQueryClient()}>
      <App />
    </QueryClientProvider>,
  );
  const page = new DOMParser().parseFromString(indexHtml, 'text/html');
  const root = page.getElementById('root');
  expect(root).not.toBeNull();
  expect(root?.querySelector('[data-testid]'), 'a test id would let a test click the copy before React replaced it').toBeNull();
  expect(shown(root as Element)).toBe(shown(container));
});
