import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'sms', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
