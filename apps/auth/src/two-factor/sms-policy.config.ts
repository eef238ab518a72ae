import { isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';

/** Limits on texting codes: SMS costs money per message, and pumping fraud pays per message. */
export interface SmsPolicyConfig {
  /** Texts one phone number may receive per UTC day, whoever asks. */
  dailyPerNumber: number;
  /** Texts one account may cause per UTC day, enrolment and sign-in together. */
  dailyPerAccount: number;
  /** Texts to one country calling code (+43, +1…) per UTC day. */
  dailyPerCountry: number;
  /** Texts of the whole service per UTC day. */
  dailyTotal: number;
  /** ISO 3166-1 alpha-2 regions codes may be texted to; empty = every region. */
  allowedCountries: string[];
}

const cap = (fallback: number) => z.coerce.number().int().min(1).max(100_000_000).default(fallback);

const schema = z.object({
  SMS_DAILY_CAP_PER_NUMBER: cap(5),
  SMS_DAILY_CAP_PER_ACCOUNT: cap(10),
  SMS_DAILY_CAP_PER_COUNTRY: cap(1000),
  SMS_DAILY_CAP_TOTAL: cap(10_000),
  SMS_ALLOWED_COUNTRIES: z.string().default(''),
});

/** Returns the settings, or the problems naming each bad variable. */
export function parseSmsPolicyConfig(
  env: NodeJS.ProcessEnv,
): { config: SmsPolicyConfig; problems: [] } | { config: null; problems: string[] } {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    return {
      config: null,
      problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    };
  }
  const values = parsed.data;
  const allowedCountries = values.SMS_ALLOWED_COUNTRIES.split(',')
    .map((code) => code.trim().toUpperCase())
    .filter((code) => code.length > 0);
  const unknown = allowedCountries.filter((code) => !/^[A-Z]{2}$/.test(code) || !isSupportedCountry(code));
  if (unknown.length > 0) {
    return {
      config: null,
      problems: [
        `SMS_ALLOWED_COUNTRIES: not ISO 3166-1 alpha-2 regions with phone numbers: ${unknown.join(', ')}`,
      ],
    };
  }
  return {
    config: {
      dailyPerNumber: values.SMS_DAILY_CAP_PER_NUMBER,
      dailyPerAccount: values.SMS_DAILY_CAP_PER_ACCOUNT,
      dailyPerCountry: values.SMS_DAILY_CAP_PER_COUNTRY,
      dailyTotal: values.SMS_DAILY_CAP_TOTAL,
      allowedCountries,
    },
    problems: [],
  };
}
