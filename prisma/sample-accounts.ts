/**
 * The two sample accounts every development database starts with. The user database owns
 * them; the auth and notification seeds refer to the same ids, since user_id columns there
 * point across databases without foreign keys.
 */
export interface SampleAccount {
  id: string;
  email: string;
  username: string;
  firstName: string;
  lastName: string;
  /** Environment variable holding the account's password for the user seed. */
  passwordEnv: 'SEED_ADMIN_PASSWORD' | 'SEED_USER_PASSWORD';
  /** Used only outside production, when the variable is unset. */
  developmentPassword: string;
}

export const SAMPLE_ADMIN: SampleAccount = {
  id: '10000000-0000-4000-8000-000000000001',
  email: 'admin@orion.local',
  username: 'admin',
  firstName: 'Orion',
  lastName: 'Administrator',
  passwordEnv: 'SEED_ADMIN_PASSWORD',
  developmentPassword: 'orion-admin-dev-password',
};

export const SAMPLE_USER: SampleAccount = {
  id: '10000000-0000-4000-8000-000000000002',
  email: 'user@orion.local',
  username: 'user',
  firstName: 'Sample',
  lastName: 'User',
  passwordEnv: 'SEED_USER_PASSWORD',
  developmentPassword: 'orion-user-dev-password',
};

export const SAMPLE_ACCOUNTS: readonly SampleAccount[] = [SAMPLE_ADMIN, SAMPLE_USER];

/**
 * Whether the seeds create the sample accounts (and their devices and preferences):
 * SEED_SAMPLE_ACCOUNTS=true or false, by default only outside production, so a production
 * database never starts with a known super-administrator.
 */
export function sampleAccountsWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.SEED_SAMPLE_ACCOUNTS?.trim();
  if (value === undefined || value === '') return env.NODE_ENV !== 'production';
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Error(`SEED_SAMPLE_ACCOUNTS must be true or false, not "${value}"`);
}
