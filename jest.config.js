// One jest run for every package; TZ is pinned by the npm script (dates and reminders depend on it).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      target: 'es2022',
      transform: { react: { runtime: 'automatic' } },
    },
    module: { type: 'commonjs' },
  },
]

const base = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  // ESM-only packages are compiled too.
  transformIgnorePatterns: ['/node_modules/(?!(koa-body|jose)/)'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
}

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...base, displayName: 'shared', testMatch: ['<rootDir>/shared/src/**/*.test.ts'] },
    {
      ...base,
      displayName: 'server',
      testMatch: ['<rootDir>/server/src/**/*.test.ts', '<rootDir>/server/test/**/*.test.ts'],
      globalSetup: '<rootDir>/server/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/server/test/setup/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/server/test/setup/per-file.ts'],
    },
    {
      ...base,
      displayName: 'browser',
      testMatch: ['<rootDir>/miniapp/e2e/**/*.e2e.ts'],
      globalSetup: '<rootDir>/server/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/server/test/setup/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/miniapp/e2e/setup.ts'],
    },
  ],
}
