import { createInterface } from 'node:readline/promises';
import { CommandContext, CommandName, COMMANDS } from './commands';
import { consoleOutput, Output } from './output';
import { databaseUrlOf, isServiceName, loadEnvFile, SERVICES, ServiceName, servicePaths } from './services';

/** Argument parsing, per-service dispatch and exit codes for scripts/db-migrate.sh. */
export const USAGE = `Usage: scripts/db-migrate.sh <auth|user|notification|all> <command> [options]

Commands:
  init       create the database if missing, then deploy, generate and seed
  migrate    create a migration from schema changes (--name <name>) and deploy it
  deploy     apply pending migrations
  status     list applied, pending and failed migrations (exit 1 unless up to date)
  seed       run prisma/<service>/seed.ts
  generate   generate the Prisma client
  reset      drop all data, then deploy and seed (asks, or --yes)
  resolve    --applied <migration> | --rolled-back <migration>: settle a failed migration
  drift      check that the migrations build exactly what the schema declares

Options:
  --yes                   confirm reset without asking
  --name <name>           name of the migration created by migrate
  --applied <migration>   with resolve: record it as applied
  --rolled-back <name>    with resolve: record it as rolled back

Database URLs come from AUTH_DATABASE_URL, USER_DATABASE_URL and NOTIFICATION_DATABASE_URL
(the environment first, then .env at the repository root).`;

export class UsageError extends Error {}

export interface ParsedArgs {
  services: ServiceName[];
  command: CommandName;
  yes: boolean;
  name?: string;
  resolve?: CommandContext['resolve'];
}

const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];
/** Commands that work without the service's database URL (drift uses scratch databases). */
const WITHOUT_URL: CommandName[] = ['generate', 'drift'];

export function parseArgs(argv: string[]): ParsedArgs {
  const positional: string[] = [];
  let yes = false;
  let name: string | undefined;
  let resolve: ParsedArgs['resolve'];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${arg} needs a value.`);
      return next;
    };
    if (arg === '--yes' || arg === '-y') yes = true;
    else if (arg === '--name') name = value();
    else if (arg === '--applied') resolve = { mode: 'applied', migration: value() };
    else if (arg === '--rolled-back') resolve = { mode: 'rolled-back', migration: value() };
    else if (arg.startsWith('-')) throw new UsageError(`Unknown option ${arg}.`);
    else positional.push(arg);
  }
  const [target, command, ...extra] = positional;
  if (!target || !command) throw new UsageError('Expected a service and a command.');
  if (extra.length > 0) throw new UsageError(`Unexpected argument ${extra[0]}.`);
  if (target !== 'all' && !isServiceName(target)) {
    throw new UsageError(`Unknown service "${target}": expected one of ${SERVICES.join(', ')} or all.`);
  }
  if (!(COMMAND_NAMES as string[]).includes(command)) {
    throw new UsageError(`Unknown command "${command}": expected one of ${COMMAND_NAMES.join(', ')}.`);
  }
  if (command === 'resolve' && !resolve)
    throw new UsageError('resolve needs --applied <migration> or --rolled-back <migration>.');
  if (command !== 'resolve' && resolve)
    throw new UsageError('--applied and --rolled-back go with resolve only.');
  if (command === 'resolve' && target === 'all')
    throw new UsageError('resolve names one migration of one service, not all.');
  if (name !== undefined && command !== 'migrate') throw new UsageError('--name goes with migrate only.');
  return {
    services: target === 'all' ? [...SERVICES] : [target as ServiceName],
    command: command as CommandName,
    yes,
    name,
    resolve,
  };
}

/** Turns the usual connection failures into a message that says what to do. */
export function describeError(error: unknown, command: CommandName, services: ServiceName[]): string {
  const e = error as { code?: string; message?: string; address?: string; port?: number };
  const message = e?.message ?? String(error);
  if (e?.code === '3D000') {
    const hint =
      command === 'init'
        ? ''
        : `; create it with "scripts/db-migrate.sh ${services.length === 1 ? services[0] : 'all'} init"`;
    return `${message}${hint}`;
  }
  if (e?.code === 'ECONNREFUSED')
    return `Cannot reach PostgreSQL at ${e.address ?? '?'}:${e.port ?? '?'}: is the server running?`;
  if (e?.code === '28P01' || e?.code === '28000') return `PostgreSQL refused the credentials: ${message}`;
  return message;
}

function terminalAsk(): CommandContext['ask'] {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return undefined;
  return async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  };
}

export async function main(argv: string[], output: Output = consoleOutput()): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    output.plain(USAGE);
    return 0;
  }
  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    output.error((error as Error).message);
    output.plain(USAGE);
    return 2;
  }
  loadEnvFile();
  let current = args.services[0]!;
  try {
    // Every URL is checked before anything runs, so `all` never stops halfway for want of one.
    if (!WITHOUT_URL.includes(args.command)) for (const s of args.services) databaseUrlOf(servicePaths(s));
    let ok = true;
    for (const service of args.services) {
      current = service;
      output.heading(`${service}: ${args.command}`);
      const ctx: CommandContext = {
        service: servicePaths(service),
        output,
        yes: args.yes,
        name: args.name,
        resolve: args.resolve,
        ask: terminalAsk(),
      };
      ok = (await COMMANDS[args.command](ctx)) && ok;
    }
    return ok ? 0 : 1;
  } catch (error) {
    output.error(describeError(error, args.command, [current]));
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`error: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
