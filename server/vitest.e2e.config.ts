// End-to-end and security tests: plain Node, against the built Worker (dist/) in workerd through Miniflare and the Access stand-in.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts', 'test/security/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 90_000,
    fileParallelism: false,
  },
});
