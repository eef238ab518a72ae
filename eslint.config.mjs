import { dirname, relative, resolve } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SERVICES = ['auth', 'user', 'notification'];
const ROOT = import.meta.dirname;
const TESTS = [
  'apps/*/test/**/*.ts',
  'libs/*/test/**/*.ts',
  'test/**/*.ts',
  '**/*.spec.ts',
  '**/*.e2e-spec.ts',
];

function prismaClients(services) {
  return {
    group: services.flatMap((s) => [`@orion/prisma-${s}`, `**/generated/prisma/${s}/**`]),
    message: "Only repositories import a Prisma client, and only their own service's.",
  };
}

const REPOSITORY = {
  regex: '\\.repository$',
  message: 'Transport calls services: a controller, handler or processor never takes a repository.',
};

const PRISMA_SERVICE = {
  regex: '(^|/)database/prisma\\.service$',
  message:
    'Services take the TransactionRunner or a repository; PrismaService is for repositories, modules and database/.',
};

/**
 * An app never imports another app, however the path is spelt (`../../user/src/…`,
 * `../../../apps/user/…`). Its tests may use another app's test/support (to boot it or make its
 * data), and nothing else of it.
 */
const appBoundary = {
  meta: {
    type: 'problem',
    schema: [],
    messages: { other: 'Apps talk through libs/contracts, not imports ({{target}}).' },
  },
  create(context) {
    const own = relative(ROOT, context.filename).split('\\').join('/');
    const app = /^apps\/([^/]+)\//.exec(own)?.[1];
    if (!app) return {};
    const isTest = own.startsWith(`apps/${app}/test/`) || /\.(e2e-)?spec\.ts$/.test(own);
    const check = (node) => {
      const spec = node?.value;
      if (typeof spec !== 'string') return;
      const target = spec.startsWith('.')
        ? relative(ROOT, resolve(dirname(context.filename), spec))
            .split('\\')
            .join('/')
        : /(?:^|\/)(apps\/.*)$/.exec(spec)?.[1];
      const other = target && /^apps\/([^/]+)(\/|$)/.exec(target)?.[1];
      if (!other || other === app) return;
      if (isTest && target.startsWith(`apps/${other}/test/support/`)) return;
      context.report({ node, messageId: 'other', data: { target } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

const BARE_NOW = [
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'Read "now" from the Clock (this.clock.now()) or take it as a parameter.',
  },
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'Read "now" from the Clock (this.clock.now()) or take it as a parameter.',
  },
];
const TRANSACTION = [
  {
    selector: "MemberExpression[property.name='$transaction']",
    message:
      'Open a unit of work with the TransactionRunner (transactions.run); only database/ calls $transaction.',
  },
];

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
    plugins: { orion: { rules: { 'app-boundary': appBoundary } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      'orion/app-boundary': 'error',
    },
  },
  // Libraries never reach into a service's database.
  {
    files: ['libs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [prismaClients(SERVICES)] }] },
  },
  ...SERVICES.flatMap((service) => {
    const others = SERVICES.filter((s) => s !== service);
    // Later entries replace earlier ones for the files they match, so each lists all it forbids.
    return [
      // Rules and transport: no Prisma client and no PrismaService.
      {
        files: [`apps/${service}/**/*.ts`],
        rules: {
          'no-restricted-imports': ['error', { patterns: [prismaClients(SERVICES), PRISMA_SERVICE] }],
        },
      },
      // Transport at the edges: controllers, handlers and processors hand off to services.
      {
        files: [
          `apps/${service}/src/**/*.controller.ts`,
          `apps/${service}/src/**/*.handlers.ts`,
          `apps/${service}/src/**/*.processor.ts`,
        ],
        rules: {
          'no-restricted-imports': [
            'error',
            { patterns: [prismaClients(SERVICES), PRISMA_SERVICE, REPOSITORY] },
          ],
        },
      },
      // Modules wire the PrismaService; unit specs may build one.
      {
        files: [`apps/${service}/**/*.module.ts`, `apps/${service}/**/*.spec.ts`],
        rules: { 'no-restricted-imports': ['error', { patterns: [prismaClients(SERVICES)] }] },
      },
      // Data access: its own client, never another service's.
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
  // "Now" comes from the Clock, and units of work from the TransactionRunner. Later entries
  // replace earlier ones for the files they match.
  {
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...BARE_NOW, ...TRANSACTION] },
  },
  {
    // The clock itself; the browser client (callers pass `now`); test tooling measures real waits.
    files: ['libs/core/src/clock/clock.ts', 'libs/client/src/**/*.ts', 'libs/testing/src/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...TRANSACTION] },
  },
  {
    // The runners and the outbox, relay and inbox open transactions themselves.
    files: ['apps/*/src/database/**/*.ts', 'libs/core/src/database/**/*.ts', 'libs/core/src/events/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...BARE_NOW] },
  },
  {
    files: TESTS,
    rules: { 'no-restricted-syntax': 'off' },
  },
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
