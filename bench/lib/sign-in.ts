import { BENCH_PASSWORD } from './seed-users';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
}

/** Signs one seeded account in through the auth service's public route. */
export async function signIn(authUrl: string, email: string): Promise<IssuedTokens> {
  const response = await fetch(`${authUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  const body = (await response.json()) as Partial<IssuedTokens> & { code?: string; status?: string };
  if (response.status !== 200 || !body.accessToken || !body.refreshToken) {
    throw new Error(`sign-in of ${email} answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
  return { accessToken: body.accessToken, refreshToken: body.refreshToken };
}

/** Signs the accounts in, a few at a time (each costs one Argon2id verification). */
export async function signInAll(authUrl: string, emails: string[], concurrency = 4): Promise<IssuedTokens[]> {
  const issued: IssuedTokens[] = new Array(emails.length);
  let next = 0;
  const worker = async () => {
    while (next < emails.length) {
      const index = next++;
      issued[index] = await signIn(authUrl, emails[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, emails.length) }, worker));
  return issued;
}
