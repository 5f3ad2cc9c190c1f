import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/helpers/global-setup.ts'],
    // The file keychain's test-only scrypt cost (N=2^14 instead of 2^17): honoured only for
    // keychain files under the OS temp dir (src/core/keychain/file-keychain-format.ts).
    env: { SECRETS_TEST_ONLY_CHEAP_KDF: '1' },
  },
})
