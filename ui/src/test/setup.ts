import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// The explorer is lazy-loaded; on a busy 2-core CI machine its first import can take over a second,
// so async queries wait up to 10 s (they still resolve as soon as the element appears).
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
});
