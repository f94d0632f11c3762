import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { refetchCoalesced } from './coalescedRefetch';

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('refetchCoalesced', () => {
  it('turns 3,000 list changes into one refetch plus one for the changes that came during it', async () => {
    const client = new QueryClient();
    const queryKey = ['tools', 's'];
    let fetches = 0;
    let release: () => void = () => undefined;
    const queryFn = () =>
      new Promise<number>((resolve) => {
        fetches += 1;
        release = () => resolve(fetches);
      });
    // An active query, as a mounted list is.
    const unsubscribe = new QueryObserver(client, { queryKey, queryFn }).subscribe(() => undefined);
    await settle();
    release();
    await settle();
    const before = fetches;

    const runs: Promise<void>[] = [];
    for (let i = 0; i < 3000; i += 1) runs.push(refetchCoalesced(client, queryKey));
    for (let i = 0; i < 5; i += 1) {
      await settle();
      release();
    }
    await Promise.all(runs);
    expect(fetches - before).toBe(2);
    unsubscribe();
  });
});
