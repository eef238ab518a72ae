import { PrismaPg } from '@prisma/adapter-pg';

/** Per model: rows the seed declares, and how many of them this run inserted. */
export type SeedTally = Record<string, { created: number; total: number }>;

interface Disconnectable {
  $disconnect(): Promise<void>;
}

/**
 * What every seed does around its inserts: read the service's database URL (failing with a
 * message naming the variable), connect through the pg adapter, print one summary line,
 * disconnect, and exit non-zero on any error.
 */
export function runSeed<TClient extends Disconnectable>(
  service: string,
  createClient: (adapter: PrismaPg) => TClient,
  seed: (client: TClient) => Promise<SeedTally>,
): void {
  const variable = `${service.toUpperCase()}_DATABASE_URL`;
  const main = async () => {
    const url = process.env[variable]?.trim();
    if (!url)
      throw new Error(`${variable} is not set: it must hold the PostgreSQL URL of the ${service} database`);
    const client = createClient(new PrismaPg({ connectionString: url }));
    try {
      console.log(`${service} seed: ${describe(await seed(client))}`);
    } finally {
      await client.$disconnect();
    }
  };
  main().catch((error: unknown) => {
    console.error(`${service} seed failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}

function describe(tally: SeedTally): string {
  return Object.entries(tally)
    .map(([model, { created, total }]) => `${model} ${created} created/${total - created} found`)
    .join(', ');
}
