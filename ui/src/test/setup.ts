import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeAll } from 'vitest';
import { workKept } from '../lib/workKept';
import { preloadRoutes } from '../routes/lazyRoutes';

// The explorer is lazy-loaded; on a busy 2-core CI machine its first import can take over a second,
// so async queries wait up to 10 s (they still resolve as soon as the element appears).
configure({ asyncUtilTimeout: 10_000 });

// The app loads its routes' code once the first screen is up; tests start with it loaded, as a user's click would.
beforeAll(() => preloadRoutes());

afterEach(() => {
  cleanup();
  // The explorer's kept work and layout outlive a render, as they do in the app: each test starts from none.
  workKept.set(() => ({ tools: {}, places: {} }));
  window.localStorage.removeItem('gatehouse.layout');
});
