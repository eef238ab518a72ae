import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

// CI fails here when an OpenAPI document changes without `npm run client:types` being run.
// A child process, because openapi-typescript loads ES modules that Jest's CommonJS runtime cannot.
describe('committed client types (libs/client/src/generated/*.ts)', () => {
  it('are what openapi-typescript makes of openapi/*.json', () => {
    const run = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      [join(__dirname, 'generate-types.ts'), '--check'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
