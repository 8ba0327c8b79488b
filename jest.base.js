// Shared jest settings: ESM mode, TypeScript through ts-jest, workspace packages resolved to their sources.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * Builds a package's jest config.
 * @param {Record<string, unknown>} extra settings merged over the defaults
 */
export function jestConfig(extra = {}) {
  return {
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    moduleNameMapper: {
      '^@iot/(core|emulator|aliyun|huawei|tencent)$': `${root}/packages/$1/src/index.ts`,
      '^@iot/(core|emulator|aliyun|huawei|tencent)/(.*)$': `${root}/packages/$1/src/$2.ts`,
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    transform: {
      '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: `${root}/tsconfig.test.json` }],
    },
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    testTimeout: 30000,
    reporters: ['default', `${root}/scripts/jest-summary-reporter.cjs`],
    ...extra,
  };
}
