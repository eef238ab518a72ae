/**
 * The one way Orion's generators write committed artefacts: each file is rendered, written when
 * it differs, or with --check the script exits 1 naming every committed file that differs.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

export interface GeneratedFiles {
  /** What the files are, in messages: "OpenAPI documents", "Client types". */
  what: string;
  /** What they are generated from, in the --check message: "the code", "openapi/*.json". */
  source: string;
  /** The command that rewrites them. */
  command: string;
  files: Array<{ path: string; render: () => Promise<string> }>;
}

async function writeOrCheck(generated: GeneratedFiles, check: boolean): Promise<number> {
  const drifted: string[] = [];
  for (const file of generated.files) {
    const text = await file.render();
    if (existsSync(file.path) && readFileSync(file.path, 'utf8') === text) continue;
    drifted.push(relative(ROOT, file.path));
    if (check) continue;
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, text);
  }
  if (!check) {
    process.stdout.write(
      drifted.length ? `Wrote ${drifted.join(', ')}\n` : `${generated.what} are up to date\n`,
    );
    return 0;
  }
  if (drifted.length === 0) return 0;
  process.stderr.write(
    `${generated.what} differ from ${generated.source}: ${drifted.join(', ')}\n` +
      `Run \`${generated.command}\` and commit the result.\n`,
  );
  return 1;
}

/** Runs as the script's main: `--check` in argv checks instead of writing. */
export function runGenerator(generated: GeneratedFiles): void {
  writeOrCheck(generated, process.argv.includes('--check')).then(
    (status) => process.exit(status),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
