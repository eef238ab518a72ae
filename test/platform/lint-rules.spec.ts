import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The project's own lint rules, each planted on a virtual file: the violation must be reported
 * and the allowed spelling must pass, so a config change cannot switch a rule off unnoticed.
 * ESLint runs in a child process because it loads eslint.config.mjs as an ES module.
 */

const root = join(__dirname, '..', '..');

interface Case {
  file: string;
  code: string;
  /** The rule that must fire, or null when the file must lint clean. */
  fires: string | null;
}

const importing = (path: string) => `import { X } from '${path}';\nexport const x = X;\n`;
const prismaService = importing('../database/prisma.service');
const transaction =
  'export const run = (db: { $transaction(w: () => void): void }) => db.$transaction(() => 0);\n';
const newDate = 'export const at = new Date();\n';
const dateNow = 'export const at = Date.now();\n';

const CASES: Record<string, Case[]> = {
  'PrismaService only in repositories, modules, database/ and tests': [
    { file: 'apps/auth/src/lockout/lockout.service.ts', code: prismaService, fires: 'no-restricted-imports' },
    { file: 'apps/user/src/users/contacts.handlers.ts', code: prismaService, fires: 'no-restricted-imports' },
    { file: 'apps/auth/src/lockout/lockout.repository.ts', code: prismaService, fires: null },
    { file: 'apps/auth/src/lockout/lockout.module.ts', code: prismaService, fires: null },
    { file: 'apps/auth/src/lockout/lockout.service.spec.ts', code: prismaService, fires: null },
    {
      file: 'apps/auth/src/database/transaction.runner.ts',
      code: importing('./prisma.service'),
      fires: null,
    },
    {
      file: 'apps/auth/test/lockout.e2e-spec.ts',
      code: importing('../src/database/prisma.service'),
      fires: null,
    },
  ],
  'controllers, handlers and processors call services, never repositories': [
    {
      file: 'apps/auth/src/sign-in/sign-in-attempts.controller.ts',
      code: importing('./login-attempts.repository'),
      fires: 'no-restricted-imports',
    },
    {
      file: 'apps/user/src/users/contacts.handlers.ts',
      code: importing('./contacts.repository'),
      fires: 'no-restricted-imports',
    },
    {
      file: 'apps/notification/src/delivery/delivery.processor.ts',
      code: importing('../notifications/notifications.repository'),
      fires: 'no-restricted-imports',
    },
    {
      file: 'apps/auth/src/sign-in/sign-in-attempts.controller.ts',
      code: importing('./sign-in-attempts.service'),
      fires: null,
    },
  ],
  'app boundary, however the path is spelt; tests may use only test/support of another app': [
    {
      file: 'apps/notification/test/x.e2e-spec.ts',
      code: importing('../../user/src/database/prisma.service'),
      fires: 'orion/app-boundary',
    },
    {
      file: 'apps/auth/src/x/x.service.ts',
      code: importing('../../../user/src/users/users.service'),
      fires: 'orion/app-boundary',
    },
    {
      file: 'apps/auth/src/x/x.service.ts',
      code: importing('../../../../apps/user/src/main'),
      fires: 'orion/app-boundary',
    },
    {
      file: 'apps/auth/src/x/x.service.ts',
      code: importing('../../../user/test/support/user-service'),
      fires: 'orion/app-boundary',
    },
    {
      file: 'apps/auth/test/x.e2e-spec.ts',
      code: importing('../../user/test/support/user-service'),
      fires: null,
    },
    {
      file: 'apps/auth/test/support/x.ts',
      code: importing('../../../notification/test/support/notification-service'),
      fires: null,
    },
    {
      file: 'apps/auth/src/x/x.service.ts',
      code: importing('../tokens/token-families.service'),
      fires: null,
    },
  ],
  '$transaction only in database/, the outbox and tests': [
    { file: 'apps/auth/src/x/x.service.ts', code: transaction, fires: 'no-restricted-syntax' },
    { file: 'apps/auth/src/x/x.repository.ts', code: transaction, fires: 'no-restricted-syntax' },
    { file: 'libs/security/src/x/x.store.ts', code: transaction, fires: 'no-restricted-syntax' },
    { file: 'apps/auth/src/database/transaction.runner.ts', code: transaction, fires: null },
    { file: 'libs/core/src/events/inbox.repository.ts', code: transaction, fires: null },
    { file: 'apps/auth/test/x.e2e-spec.ts', code: transaction, fires: null },
  ],
  'no bare now in app and lib source': [
    { file: 'apps/user/src/x/x.service.ts', code: newDate, fires: 'no-restricted-syntax' },
    { file: 'apps/user/src/x/x.service.ts', code: dateNow, fires: 'no-restricted-syntax' },
    { file: 'libs/core/src/x/x.ts', code: newDate, fires: 'no-restricted-syntax' },
    { file: 'libs/security/src/x/x.guard.ts', code: dateNow, fires: 'no-restricted-syntax' },
    { file: 'apps/user/src/database/transaction.runner.ts', code: newDate, fires: 'no-restricted-syntax' },
    {
      file: 'apps/user/src/x/x.service.ts',
      code: "export const at = new Date('2024-01-01T00:00:00Z');\n",
      fires: null,
    },
    { file: 'libs/core/src/clock/clock.ts', code: newDate, fires: null },
    { file: 'libs/core/src/x/x.spec.ts', code: dateNow, fires: null },
    { file: 'libs/client/src/x.client.ts', code: dateNow, fires: null },
  ],
};

const LINT = `
import { ESLint } from 'eslint';
const cases = JSON.parse(process.argv[1]);
const eslint = new ESLint();
const out = [];
for (const c of cases) {
  const [result] = await eslint.lintText(c.code, { filePath: c.file });
  out.push(result.messages.map((m) => (m.ruleId ?? 'parse') + ': ' + m.message));
}
console.log(JSON.stringify(out));
`;

describe('lint rules', () => {
  const all = Object.values(CASES).flat();
  let reported: string[][] = [];

  beforeAll(() => {
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', LINT, JSON.stringify(all)], {
      cwd: root,
      encoding: 'utf8',
    });
    reported = JSON.parse(stdout) as string[][];
  }, 60_000);

  for (const [rule, cases] of Object.entries(CASES)) {
    describe(rule, () => {
      it.each(cases.map((c) => [c.fires ? `${c.fires} fires` : 'clean', c.file, c]))(
        '%s on %s',
        (_what, _file, c) => {
          const messages = reported[all.indexOf(c as Case)]!;
          const { fires } = c as Case;
          if (fires) expect(messages.filter((m) => m.startsWith(`${fires}:`))).not.toEqual([]);
          else expect(messages).toEqual([]);
        },
      );
    });
  }
});
