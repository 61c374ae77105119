import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Each test starts from clean mocks, so one test's stubbed AWS response never leaks into the next.
    restoreMocks: true,
  },
})
