// Lambda runs nodejs24.x; on an older local Node the AWS SDK would warn in every test worker.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/callback-demo', '<rootDir>/sync-demo', '<rootDir>/local-runtime'],
  testMatch: ['**/test/**/*.test.ts'],
  // Only TypeScript is compiled; built bundles under .aws-sam are loaded as they are.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true } }] },
  modulePathIgnorePatterns: ['<rootDir>/.*/\\.aws-sam/'],
  clearMocks: true,
};
