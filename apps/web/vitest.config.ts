import { defineProject } from 'vitest/config';

// Unit tests run in node; the browser end-to-end test drives Chromium against the
// real server and needs a built dist/ (globalSetup builds it when missing).
export default defineProject({
  test: {
    name: 'web',
    include: ['src/**/*.test.{ts,tsx}', 'build/**/*.test.ts', 'e2e/**/*.e2e.test.ts'],
    globalSetup: ['./e2e/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
