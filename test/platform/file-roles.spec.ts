import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every injectable lives in a file whose name says its role (`refresh-token.service.ts`), one
 * spelling per role, so a newcomer finds a class by what it does and never picks between two.
 */

const root = join(__dirname, '..', '..');
const ROLES = [
  'service',
  'repository',
  'controller',
  'handlers',
  'processor',
  'store',
  'client',
  'config',
  'guard',
  'decorator',
  'filter',
  'interceptor',
  'pipe',
  'provider',
  'usecase',
  'verifier',
  'issuer',
  'sweeper',
  'runner',
  'module',
  'relay',
];
// The one clock is named for what it is; every app and lib injects it by that name.
const EXEMPT = ['libs/core/src/clock/clock.ts'];
const ROLE_SUFFIX = new RegExp(`\\.(${ROLES.join('|')})\\.ts$`);

function sourceFiles(): string[] {
  return ['apps', 'libs'].flatMap((top) =>
    readdirSync(join(root, top), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) => {
        const src = join(root, top, entry.name, 'src');
        try {
          return readdirSync(src, { recursive: true, encoding: 'utf8' }).map((file) => join(src, file));
        } catch {
          return [];
        }
      }),
  );
}

describe('file roles', () => {
  it('names every @Injectable() file with a role suffix', () => {
    const injectables = sourceFiles()
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
      .filter((file) => /^@Injectable\(/m.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file).split('\\').join('/'));
    expect(injectables.length).toBeGreaterThan(0);
    const unnamed = injectables.filter((file) => !ROLE_SUFFIX.test(file) && !EXEMPT.includes(file));
    expect(unnamed).toEqual([]);
  });
});
