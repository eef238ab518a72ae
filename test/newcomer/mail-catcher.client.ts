import { eventually } from '@orion/testing';

/** One message as maildev's REST API lists it (GET /api/email); only what the tests read. */
export interface CaughtMail {
  id: string;
  subject: string;
  text?: string;
  html?: string;
  to: { address: string }[];
}

/** The first message to `address` whose subject matches, read from the catcher's inbox. */
export async function waitForCaughtMail(
  mailUrl: string,
  address: string,
  subject: RegExp,
  timeoutMs = 30_000,
): Promise<CaughtMail> {
  let seen: string[] = [];
  const caught = async () => {
    const answer = await fetch(`${mailUrl}/api/email`);
    if (!answer.ok) throw new Error(`the mail catcher answered ${answer.status} for /api/email`);
    const mails = (await answer.json()) as CaughtMail[];
    seen = mails.map((m) => `${m.to.map((to) => to.address).join(',')}: ${m.subject}`);
    return mails.find(
      (m) => m.to.some((to) => to.address.toLowerCase() === address.toLowerCase()) && subject.test(m.subject),
    );
  };
  return eventually(caught, `mail to ${address} matching ${subject}`, { timeoutMs, intervalMs: 250 }).catch(
    (error: Error) => {
      throw new Error(
        `no mail to ${address} matching ${subject} in the catcher (${error.message}); it holds [${seen.join('; ')}]`,
        { cause: error },
      );
    },
  );
}
