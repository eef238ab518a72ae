import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SERVICES = ['auth', 'user', 'notification'];

function prismaClients(services) {
  return {
    group: services.flatMap((s) => [`@orion/prisma-${s}`, `**/generated/prisma/${s}/**`]),
    message: "Only repositories import a Prisma client, and only their own service's.",
  };
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'generated/',
      'coverage/',
      '.tmp/',
      'bench/results/',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  // Libraries never reach into a service's database.
  {
    files: ['libs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [prismaClients(SERVICES)] }] },
  },
  ...SERVICES.flatMap((service) => {
    const others = SERVICES.filter((s) => s !== service);
    return [
      // An app never imports another service's client or code.
      {
        files: [`apps/${service}/**/*.ts`],
        rules: {
          'no-restricted-imports': [
            'error',
            {
              patterns: [
                prismaClients(SERVICES),
                ...others.map((o) => ({
                  group: [`**/apps/${o}/**`],
                  message: 'Apps talk through libs/contracts, not imports.',
                })),
              ],
            },
          ],
        },
      },
      // Its own client is data access: only repositories and the PrismaService touch it.
      {
        files: [
          `apps/${service}/**/*.repository.ts`,
          `apps/${service}/**/database/*.ts`,
          `apps/${service}/test/**/*.ts`,
        ],
        rules: { 'no-restricted-imports': ['error', { patterns: [prismaClients(others)] }] },
      },
    ];
  }),
  {
    files: ['scripts/**/*.ts', 'prisma/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Tests read JSON bodies whose shape is what they assert.
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
