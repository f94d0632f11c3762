import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ContentBlockView } from './ContentBlockView';
import { SafeMarkdown } from './SafeMarkdown';

describe('SafeMarkdown against hostile text', () => {
  it('shows 20,000 nested quotes as text, quickly, without throwing', () => {
    const deep = '>'.repeat(20_000);
    const start = performance.now();
    render(<SafeMarkdown text={deep} />);
    expect(screen.getByTestId('markdown-as-text')).toHaveTextContent(deep.slice(0, 100));
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('renders no raw HTML and no script', () => {
    const { container } = render(<SafeMarkdown text={'<img src=x onerror="window.pwned=1"><script>window.pwned=1</script> **ok**'} />);
    expect(container.querySelector('img, script')).toBeNull();
    expect(container.querySelector('strong')).toHaveTextContent('ok');
  });

  it('shows a block whose view fails as its JSON text, keeping the rest', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    // A resource block without its resource makes the view throw.
    const broken = { type: 'resource', resource: null, uri: 'a://b' } as unknown as Parameters<typeof ContentBlockView>[0]['block'];
    render(
      <>
        <ContentBlockView block={broken} />
        <ContentBlockView block={{ type: 'text', text: 'still here' }} />
      </>,
    );
    expect(screen.getByTestId('content-as-text')).toHaveTextContent('"uri": "a://b"');
    expect(screen.getByText('still here')).toBeInTheDocument();
    vi.restoreAllMocks();
  });

  it('shows an unknown block raw', () => {
    render(<ContentBlockView block={{ type: 'unknown', raw: { type: 'hologram', frames: [1] } }} />);
    expect(screen.getByText('unknown content')).toBeInTheDocument();
    expect(screen.getByText(/hologram/)).toBeInTheDocument();
  });
});
