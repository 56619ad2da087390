import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'client',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // *.test-d.ts files are checked by tsc: an inference that breaks fails the run.
    typecheck: {
      enabled: true,
      include: ['src/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
      // Errors in other packages' sources are their tests' business, not this type test's.
      ignoreSourceErrors: true,
    },
  },
});
