/**
 * NestJS 12 ships as ES modules, which Jest on Node 20 can only load in its ESM mode; so the tests
 * run as ES modules (`--experimental-vm-modules`, set by `npm test`), compiled by SWC.
 * @type {import('jest').Config}
 */
module.exports = {
  rootDir: '.',
  // Node's environment, which also waits at each file's end until what the file opened has closed.
  testEnvironment: '<rootDir>/test/helpers/node-environment.cjs',
  testMatch: ['<rootDir>/test/**/*.spec.ts', '<rootDir>/src/**/*.spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'es6' },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  // Two cores on CI machines: never more than two workers.
  maxWorkers: 2,
  // Jest's ESM mode keeps each test file's modules alive in its worker: by the end of a run a worker held
  // 1.1-1.4 GB and took ~300 ms to exit, close to the 500 ms Jest grants before killing it ("A worker process
  // has failed to exit gracefully"). A worker past this heap after a file is replaced by a fresh one.
  workerIdleMemoryLimit: '512MB',
  // Generous: the suite shares two cores with other work, and tests assert outcomes, never timings.
  testTimeout: 90000,
  setupFiles: ['<rootDir>/test/helpers/setup.ts'],
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
};
