import { act, render, screen } from '@testing-library/react';
import { Suspense, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { lazyComponent } from './lazyComponent';

function Counter({ label }: { label: string }) {
  const [count, setCount] = useState(0);
  return (
    <button type="button" onClick={() => setCount(count + 1)}>
      {label} {count}
    </button>
  );
}

function deferredLoad() {
  let resolve: (c: typeof Counter) => void = () => {};
  const promise = new Promise<typeof Counter>((r) => (resolve = r));
  let loads = 0;
  return {
    load: () => {
      loads += 1;
      return promise;
    },
    resolve: (c: typeof Counter) => resolve(c),
    loads: () => loads,
  };
}

describe('lazyComponent', () => {
  it('shows the fallback until the code arrives, loads it once, and keeps the mounted instance', async () => {
    const loader = deferredLoad();
    const Lazy = lazyComponent(loader.load);
    const { rerender } = render(
      <Suspense fallback={<p>loading</p>}>
        <Lazy label="first" />
      </Suspense>,
    );
    expect(screen.getByText('loading')).toBeInTheDocument();
    await act(async () => loader.resolve(Counter));
    await act(async () => screen.getByRole('button').click());
    expect(screen.getByRole('button')).toHaveTextContent('first 1');
    // A later render of the same instance keeps its state (it is not remounted as the loaded type).
    rerender(
      <Suspense fallback={<p>loading</p>}>
        <Lazy label="again" />
      </Suspense>,
    );
    expect(screen.getByRole('button')).toHaveTextContent('again 1');
    expect(loader.loads()).toBe(1);
  });

  it('renders at once, without a fallback, once preloaded', async () => {
    const Lazy = lazyComponent(() => Promise.resolve(Counter));
    await Lazy.preload();
    render(
      <Suspense fallback={<p>loading</p>}>
        <Lazy label="ready" />
      </Suspense>,
    );
    expect(screen.queryByText('loading')).not.toBeInTheDocument();
    expect(screen.getByRole('button')).toHaveTextContent('ready 0');
  });
});
