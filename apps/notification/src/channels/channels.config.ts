import { ConfigurationError } from '@orion/core';
import { z } from 'zod';
import { OUTBOUND_ENV, OutboundConfig, outboundConfigOf } from './outbound/outbound.config';

export interface SmtpRelayConfig {
  name: string;
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
}

export interface RateLimit {
  points: number;
  durationS: number;
}

/** How the delivery channels reach their providers, validated at boot. */
export interface ChannelsConfig {
  email: { from: string; relays: SmtpRelayConfig[]; timeoutMs: number };
  twilio?: { baseUrl: string; accountSid: string; authToken: string; from: string };
  vonage?: { baseUrl: string; apiKey: string; apiSecret: string; from: string };
  /** VAPID keys (base64url) and contact (mailto: or https:) the push services may use. */
  vapid?: { publicKey: string; privateKey: string; subject: string };
  /**
   * NODE_ENV=development with an SMTP relay: SMS and PUSH without a real provider are e-mailed
   * to that relay (the local mail catcher) instead. Never in production.
   */
  devOutbox: boolean;
  webhook: { secretEncryptionKey: string; rotationOverlapS: number };
  /** Requests to caller-chosen URLs: which addresses, schemes and chat hosts they may reach. */
  outbound: OutboundConfig;
  /** Timeout of one HTTP call to a provider (SMS APIs, push services, webhooks, chat). */
  httpTimeoutMs: number;
  breaker: {
    errorThresholdPercentage: number;
    volumeThreshold: number;
    resetTimeoutMs: number;
    rollingWindowMs: number;
  };
  rateLimits: { defaultLimit: RateLimit; perProvider: Record<string, RateLimit> };
}

export const CHANNELS_CONFIG = Symbol('CHANNELS_CONFIG');

// Development and tests only; production refuses to boot without a real key.
const DEVELOPMENT_KEY = 'orion-development-webhook-secret-key-not-for-production';

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const url = z.string().url();

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  EMAIL_FROM: z.string().min(3).default('Orion <no-reply@orion.local>'),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: integer(1, 65535).default(587),
  SMTP_SECURE: flag.default(false),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  SMTP_SECONDARY_HOST: z.string().min(1).optional(),
  SMTP_SECONDARY_PORT: integer(1, 65535).default(587),
  SMTP_SECONDARY_SECURE: flag.default(false),
  SMTP_SECONDARY_USER: z.string().min(1).optional(),
  SMTP_SECONDARY_PASSWORD: z.string().min(1).optional(),
  SMTP_TIMEOUT_MS: integer(100, 120_000).default(10_000),
  TWILIO_BASE_URL: url.default('https://api.twilio.com'),
  TWILIO_ACCOUNT_SID: z.string().min(1).optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  TWILIO_FROM: z.string().min(1).optional(),
  VONAGE_BASE_URL: url.default('https://rest.nexmo.com'),
  VONAGE_API_KEY: z.string().min(1).optional(),
  VONAGE_API_SECRET: z.string().min(1).optional(),
  VONAGE_FROM: z.string().min(1).optional(),
  VAPID_PUBLIC_KEY: z.string().min(1).optional(),
  VAPID_PRIVATE_KEY: z.string().min(1).optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:)/, 'must start with mailto: or https:')
    .default('mailto:ops@orion.local'),
  WEBHOOK_SECRET_ENCRYPTION_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  WEBHOOK_SECRET_ROTATION_OVERLAP_S: integer(0, 30 * 86400).default(86400),
  CHANNEL_HTTP_TIMEOUT_MS: integer(100, 120_000).default(10_000),
  CHANNEL_BREAKER_ERROR_PERCENT: integer(1, 100).default(50),
  CHANNEL_BREAKER_VOLUME_THRESHOLD: integer(1, 1000).default(5),
  CHANNEL_BREAKER_RESET_MS: integer(100, 3_600_000).default(30_000),
  CHANNEL_BREAKER_WINDOW_MS: integer(1000, 3_600_000).default(60_000),
  CHANNEL_RATE_LIMIT: z.string().default('50/1'),
  CHANNEL_RATE_LIMITS: z.string().default(''),
  ...OUTBOUND_ENV,
});

type Values = z.infer<typeof schema>;

/** "points/seconds", e.g. "10/1" = ten sends a second. */
function parseLimit(text: string): RateLimit | undefined {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) return undefined;
  const points = Number(match[1]);
  const durationS = Number(match[2]);
  return points > 0 && durationS > 0 ? { points, durationS } : undefined;
}

function group<T extends string>(
  values: Values,
  names: readonly T[],
  label: string,
  problems: string[],
): boolean {
  const set = names.filter((n) => values[n as keyof Values] !== undefined);
  if (set.length > 0 && set.length < names.length) {
    const missing = names.filter((n) => !set.includes(n));
    problems.push(`${missing.join(', ')}: required when ${label} is configured`);
  }
  return set.length === names.length;
}

export function loadChannelsConfig(env: NodeJS.ProcessEnv = process.env): ChannelsConfig {
  // Compose and shells pass unset variables as empty strings: treat them as not set.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    throw new ConfigurationError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const v = parsed.data;
  const problems: string[] = [];
  const production = v.NODE_ENV === 'production';
  if (production && !v.WEBHOOK_SECRET_ENCRYPTION_KEY) {
    problems.push('WEBHOOK_SECRET_ENCRYPTION_KEY is required but not set');
  }
  const hasTwilio = group(
    v,
    ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'] as const,
    'Twilio',
    problems,
  );
  const hasVonage = group(
    v,
    ['VONAGE_API_KEY', 'VONAGE_API_SECRET', 'VONAGE_FROM'] as const,
    'Vonage',
    problems,
  );
  const hasVapid = group(v, ['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY'] as const, 'Web Push', problems);
  const defaultLimit = parseLimit(v.CHANNEL_RATE_LIMIT);
  if (!defaultLimit) problems.push('CHANNEL_RATE_LIMIT: must be "points/seconds", e.g. 50/1');
  const perProvider: Record<string, RateLimit> = {};
  for (const entry of v.CHANNEL_RATE_LIMITS.split(',').filter((e) => e.trim())) {
    const [name, limit] = entry.split('=');
    const parsedLimit = limit === undefined ? undefined : parseLimit(limit);
    if (!name?.trim() || !parsedLimit)
      problems.push(`CHANNEL_RATE_LIMITS: "${entry}" is not provider=points/seconds`);
    else perProvider[name.trim()] = parsedLimit;
  }
  const outbound = outboundConfigOf(v, production, problems);
  if (problems.length > 0) throw new ConfigurationError(problems);

  const relays: SmtpRelayConfig[] = [];
  if (v.SMTP_HOST) {
    relays.push({
      name: 'smtp-primary',
      host: v.SMTP_HOST,
      port: v.SMTP_PORT,
      secure: v.SMTP_SECURE,
      user: v.SMTP_USER,
      password: v.SMTP_PASSWORD,
    });
  }
  if (v.SMTP_SECONDARY_HOST) {
    relays.push({
      name: 'smtp-secondary',
      host: v.SMTP_SECONDARY_HOST,
      port: v.SMTP_SECONDARY_PORT,
      secure: v.SMTP_SECONDARY_SECURE,
      user: v.SMTP_SECONDARY_USER,
      password: v.SMTP_SECONDARY_PASSWORD,
    });
  }
  return {
    email: { from: v.EMAIL_FROM, relays, timeoutMs: v.SMTP_TIMEOUT_MS },
    twilio: hasTwilio
      ? {
          baseUrl: v.TWILIO_BASE_URL,
          accountSid: v.TWILIO_ACCOUNT_SID!,
          authToken: v.TWILIO_AUTH_TOKEN!,
          from: v.TWILIO_FROM!,
        }
      : undefined,
    vonage: hasVonage
      ? {
          baseUrl: v.VONAGE_BASE_URL,
          apiKey: v.VONAGE_API_KEY!,
          apiSecret: v.VONAGE_API_SECRET!,
          from: v.VONAGE_FROM!,
        }
      : undefined,
    vapid: hasVapid
      ? { publicKey: v.VAPID_PUBLIC_KEY!, privateKey: v.VAPID_PRIVATE_KEY!, subject: v.VAPID_SUBJECT }
      : undefined,
    devOutbox: v.NODE_ENV === 'development' && relays.length > 0,
    webhook: {
      secretEncryptionKey: v.WEBHOOK_SECRET_ENCRYPTION_KEY ?? DEVELOPMENT_KEY,
      rotationOverlapS: v.WEBHOOK_SECRET_ROTATION_OVERLAP_S,
    },
    outbound,
    httpTimeoutMs: v.CHANNEL_HTTP_TIMEOUT_MS,
    breaker: {
      errorThresholdPercentage: v.CHANNEL_BREAKER_ERROR_PERCENT,
      volumeThreshold: v.CHANNEL_BREAKER_VOLUME_THRESHOLD,
      resetTimeoutMs: v.CHANNEL_BREAKER_RESET_MS,
      rollingWindowMs: v.CHANNEL_BREAKER_WINDOW_MS,
    },
    rateLimits: { defaultLimit: defaultLimit!, perProvider },
  };
}
