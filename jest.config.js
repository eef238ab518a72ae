/** One Jest run for the whole monorepo; databases and Redis are real, so tests run in band. */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/generated/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    'node_modules/@fastify/cookie/index\\.js$': '<rootDir>/test/jest/fastify-cookie.transform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!@fastify/cookie/)'],
  moduleNameMapper: {
    '^@orion/(core|contracts|security|testing|client)$': '<rootDir>/libs/$1/src',
    '^@orion/(core|contracts|security|testing|client)/(.*)$': '<rootDir>/libs/$1/src/$2',
    '^@orion/prisma-(auth|user|notification)$': '<rootDir>/generated/prisma/$1/client',
  },
  testTimeout: 60000,
};
