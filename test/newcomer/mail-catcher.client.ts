/** One message as maildev's REST API lists it (GET /api/email); only what the tests read. */
export interface CaughtMail {
  id: string;
  subject: string;
  text?: string;
  html?: string;
  to: { address: string }[];
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The first message to `address` whose subject matches, read from the catcher's inbox. */
export async function waitForCaughtMail(
  mailUrl: string,
  address: string,
  subject: RegExp,
  timeoutMs = 30_000,
): Promise<CaughtMail> {
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    const answer = await fetch(`${mailUrl}/api/email`);
    if (!answer.ok) throw new Error(`the mail catcher answered ${answer.status} for /api/email`);
    const mails = (await answer.json()) as CaughtMail[];
    const mail = mails.find(
      (m) => m.to.some((to) => to.address.toLowerCase() === address.toLowerCase()) && subject.test(m.subject),
    );
    if (mail) return mail;
    seen = mails.map((m) => `${m.to.map((to) => to.address).join(',')}: ${m.subject}`);
    await pause(250);
  }
  throw new Error(`no mail to ${address} matching ${subject} in the catcher; it holds [${seen.join('; ')}]`);
}
