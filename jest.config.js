/** One Jest run for the whole monorepo; databases and Redis are real, so tests run in band. */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/generated/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: {
    '^@orion/core$': '<rootDir>/libs/core/src',
    '^@orion/core/(.*)$': '<rootDir>/libs/core/src/$1',
    '^@orion/testing$': '<rootDir>/libs/testing/src',
    '^@orion/testing/(.*)$': '<rootDir>/libs/testing/src/$1',
    '^@orion/prisma-(auth|user|notification)$': '<rootDir>/generated/prisma/$1/client',
  },
  testTimeout: 60000,
};
