import { defineConfig } from 'vitest/config';

// One root config; each package/app is a project with its own vitest.config.ts.
// Under CI a JSON report is written too, so .ci/run can total the results.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-output/vitest.json' },
  },
});
