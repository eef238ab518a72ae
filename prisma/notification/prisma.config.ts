import { defineConfig } from 'prisma/config';

// Placeholder used when NOTIFICATION_DATABASE_URL is unset: `prisma generate` and
// `prisma validate` read this file but never connect.
const fallbackUrl = 'postgresql://postgres@127.0.0.1:5432/orion_notification';

// schema and migrations paths are resolved from this file's folder; the seed
// command runs from the repository root.
export default defineConfig({
  schema: 'schema.prisma',
  migrations: {
    path: 'migrations',
    seed: 'tsx prisma/notification/seed.ts',
  },
  datasource: {
    url: process.env.NOTIFICATION_DATABASE_URL ?? fallbackUrl,
  },
});
