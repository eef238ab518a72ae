import { verify } from '@node-rs/argon2';
import { hashPassword } from '../../libs/core/src/security/password-hashing';
import { runClosedLoop } from '../lib/closed-loop';
import { Measurement } from '../lib/measurement';

/**
 * Raw Argon2id verifications with the parameters the services hash with, at the same
 * concurrency as the sign-in load, on the libuv thread pool of one Node process, the way
 * the user service verifies.
 */
export async function measureArgon2Verify(
  password: string,
  concurrency: number,
  warmupS: number,
  durationS: number,
): Promise<Measurement> {
  const hash = await hashPassword(password);
  return runClosedLoop(
    {
      label: `argon2id verify, ${concurrency} at a time`,
      concurrency,
      operation: async () => {
        if (!(await verify(hash, password))) throw new Error('the password did not verify');
      },
    },
    warmupS,
    durationS,
  );
}
