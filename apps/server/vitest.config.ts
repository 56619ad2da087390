import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // These tests start real servers and hash passwords with argon2: on a shared 2-core
    // machine one can take several seconds. The limit catches hangs, not slowness.
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
