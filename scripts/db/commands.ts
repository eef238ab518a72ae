import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { runTool } from './child-process';
import { createMigration } from './create-migration';
import { createDatabaseIfMissing, databaseNameOf, redact, resetPublicSchema } from './database-admin';
import { checkDrift } from './drift';
import { deploy, MigratorOptions, resolveApplied, resolveRolledBack, status, StatusReport } from './migrator';
import { Output } from './output';
import { databaseUrlOf, REPO_ROOT, ServicePaths } from './services';

/** One command for one service; returns false for a clean "not OK" (status behind, drift found). */
export interface CommandContext {
  service: ServicePaths;
  output: Output;
  yes: boolean;
  name?: string;
  resolve?: { mode: 'applied' | 'rolled-back'; migration: string };
  /** Asks a question on the terminal; undefined when there is no TTY to ask on. */
  ask?: (question: string) => Promise<string>;
}

export type CommandName =
  'init' | 'migrate' | 'deploy' | 'seed' | 'status' | 'generate' | 'reset' | 'resolve' | 'drift';

const rel = (path: string) => relative(REPO_ROOT, path) || '.';

function migratorOptions(ctx: CommandContext): MigratorOptions {
  return {
    databaseUrl: databaseUrlOf(ctx.service),
    migrationsDir: ctx.service.migrations,
    output: ctx.output,
    commandPrefix: `scripts/db-migrate.sh ${ctx.service.name}`,
  };
}

/** Child tools see the service URL both under its own name and as DATABASE_URL. */
function toolEnv(ctx: CommandContext, requireUrl: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const url = requireUrl ? databaseUrlOf(ctx.service) : process.env[ctx.service.envVar];
  if (url) env.DATABASE_URL = url;
  return env;
}

async function runDeploy(ctx: CommandContext): Promise<boolean> {
  const options = migratorOptions(ctx);
  ctx.output.info(`Applying ${rel(ctx.service.migrations)} to ${redact(options.databaseUrl)}`);
  const { applied } = await deploy(options);
  ctx.output.info(
    applied.length ? `${applied.length} migration(s) applied.` : 'No pending migrations to apply.',
  );
  return true;
}

export function renderStatus(report: StatusReport, output: Output, serviceName: string): void {
  for (const m of report.applied)
    output.info(`  applied  ${m.name}  (finished ${m.finishedAt.toISOString()})`);
  for (const m of report.failed)
    output.error(`failed   ${m.migrationName}  (started ${m.startedAt.toISOString()})`);
  for (const name of report.pending) output.info(`  pending  ${name}`);
  for (const name of report.modified) {
    output.warn(`${name} was modified after it was applied (its checksum no longer matches the database)`);
  }
  for (const name of report.missingLocally) {
    output.warn(`${name} is recorded in the database but its folder is missing locally`);
  }
  if (report.failed.length > 0) {
    const name = report.failed[0]!.migrationName;
    output.error(
      `failed migrations block deploy; after fixing the cause run "scripts/db-migrate.sh ${serviceName} resolve --rolled-back ${name}" (or --applied)`,
    );
  }
  if (report.upToDate) output.success('Database schema is up to date.');
  else if (report.pending.length > 0)
    output.info(`${report.pending.length} migration(s) not yet applied: run deploy.`);
}

async function runStatus(ctx: CommandContext): Promise<boolean> {
  const options = migratorOptions(ctx);
  ctx.output.info(`${rel(ctx.service.migrations)} against ${redact(options.databaseUrl)}`);
  const report = await status(options);
  renderStatus(report, ctx.output, ctx.service.name);
  return report.upToDate;
}

async function runGenerate(ctx: CommandContext): Promise<boolean> {
  if (!existsSync(ctx.service.config)) throw new Error(`${rel(ctx.service.config)} does not exist.`);
  const env = toolEnv(ctx, false);
  // Any existing file stops the CLI from downloading a schema engine it cannot fetch here.
  env.PRISMA_SCHEMA_ENGINE_BINARY ||= require.resolve('prisma/package.json');
  await runTool('prisma', ['generate', '--config', rel(ctx.service.config)], env);
  return true;
}

async function runSeed(ctx: CommandContext): Promise<boolean> {
  if (!existsSync(ctx.service.seed))
    throw new Error(`No seed file for ${ctx.service.name}: ${rel(ctx.service.seed)} does not exist.`);
  ctx.output.info(`Seeding ${ctx.service.name} with ${rel(ctx.service.seed)}`);
  await runTool('tsx', [rel(ctx.service.seed)], toolEnv(ctx, true));
  return true;
}

async function runInit(ctx: CommandContext): Promise<boolean> {
  const url = databaseUrlOf(ctx.service);
  const created = await createDatabaseIfMissing(url);
  ctx.output.info(
    created ? `Created database ${databaseNameOf(url)}.` : `Database ${databaseNameOf(url)} exists.`,
  );
  await runDeploy(ctx);
  await runGenerate(ctx);
  return runSeed(ctx);
}

async function confirmReset(ctx: CommandContext, url: string): Promise<void> {
  if (ctx.yes) return;
  const what = `${ctx.service.name} (database ${databaseNameOf(url)})`;
  if (!ctx.ask)
    throw new Error(
      `reset deletes all data of ${what}: pass --yes to confirm when there is no terminal to ask on.`,
    );
  const answer = (
    await ctx.ask(`Delete all data of ${what}? Type "${ctx.service.name}" or "y" to confirm: `)
  ).trim();
  if (answer !== ctx.service.name && answer.toLowerCase() !== 'y')
    throw new Error(`reset of ${ctx.service.name} cancelled.`);
}

async function runReset(ctx: CommandContext): Promise<boolean> {
  const url = databaseUrlOf(ctx.service);
  await confirmReset(ctx, url);
  // Checked before anything is dropped, so a reset never stops halfway for want of a seed.
  if (!existsSync(ctx.service.seed))
    throw new Error(`No seed file for ${ctx.service.name}: ${rel(ctx.service.seed)} does not exist.`);
  await resetPublicSchema(url);
  ctx.output.info(`Dropped and recreated the public schema of ${databaseNameOf(url)}.`);
  await runDeploy(ctx);
  return runSeed(ctx);
}

async function runMigrate(ctx: CommandContext): Promise<boolean> {
  const url = databaseUrlOf(ctx.service);
  let name = ctx.name;
  if (!name && ctx.ask) name = (await ctx.ask('Name of the new migration: ')).trim();
  if (!name) throw new Error('migrate needs a name: pass --name <name>.');
  await createMigration({
    schemaPath: ctx.service.schema,
    migrationsDir: ctx.service.migrations,
    databaseUrl: url,
    name,
    output: ctx.output,
  });
  return runDeploy(ctx);
}

async function runResolve(ctx: CommandContext): Promise<boolean> {
  if (!ctx.resolve) throw new Error('resolve needs --applied <migration> or --rolled-back <migration>.');
  const { mode, migration } = ctx.resolve;
  if (mode === 'applied') await resolveApplied(migratorOptions(ctx), migration);
  else await resolveRolledBack(migratorOptions(ctx), migration);
  ctx.output.success(`Recorded ${migration} as ${mode === 'applied' ? 'applied' : 'rolled back'}.`);
  return true;
}

async function runDrift(ctx: CommandContext): Promise<boolean> {
  const { differences } = await checkDrift(ctx.service.name);
  if (differences.length === 0) {
    ctx.output.success(
      `${ctx.service.name}: migrations build exactly what ${rel(ctx.service.schema)} declares.`,
    );
    return true;
  }
  ctx.output.error(`${ctx.service.name}: the migrations and ${rel(ctx.service.schema)} differ:`);
  for (const line of differences) ctx.output.plain(`  - ${line}`);
  return false;
}

export const COMMANDS: Record<CommandName, (ctx: CommandContext) => Promise<boolean>> = {
  init: runInit,
  migrate: runMigrate,
  deploy: runDeploy,
  seed: runSeed,
  status: runStatus,
  generate: runGenerate,
  reset: runReset,
  resolve: runResolve,
  drift: runDrift,
};
