/**
 * What the notification seed writes, as plain data with fixed ids: the seed inserts whatever
 * is missing by id and never rewrites a row, and scripts can count records without a database.
 *
 * A template row is one key, channel and locale at one version (see schema.prisma); the seed
 * ships version 1 of each, active. Bodies use Handlebars-style `{{name}}` placeholders, and
 * every placeholder is declared in the template's variables.
 */
import type { NotificationChannel, TemplateCategory } from '@orion/prisma-notification';
import { USER_PREFERENCES } from '../user/seed-data';

export const TEMPLATE_LOCALES = ['en', 'de'] as const;
export type TemplateLocale = (typeof TEMPLATE_LOCALES)[number];

// A type alias rather than an interface, so it is assignable to Prisma's JSON input type.
export type TemplateVariable = {
  type: 'string' | 'number';
  required: boolean;
  description: string;
};

/** subject is the e-mail subject, or the title of a push or in-app message; SMS has none. */
export interface ChannelContent {
  id: string;
  subject?: string;
  body: string;
  htmlBody?: string;
}

export interface TemplateSeed {
  key: string;
  category: TemplateCategory;
  description: string;
  variables: Record<string, TemplateVariable>;
  content: Partial<Record<NotificationChannel, Record<TemplateLocale, ChannelContent>>>;
}

/** The shared frame of every HTML e-mail; placeholders inside are left for rendering. */
function emailHtml(
  locale: TemplateLocale,
  heading: string,
  paragraphs: string[],
  action?: [string, string],
): string {
  const button = action
    ? `<p><a href="${action[1]}" style="display:inline-block;padding:10px 18px;background:#1f4fd1;color:#ffffff;text-decoration:none;border-radius:4px">${action[0]}</a></p>`
    : '';
  return [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${heading}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;color:#1b1b1b;line-height:1.5">',
    `<h1 style="font-size:20px">${heading}</h1>`,
    ...paragraphs.map((p) => `<p>${p}</p>`),
    button,
    '<p style="color:#6b6b6b;font-size:12px">Orion</p>',
    '</body></html>',
  ].join('');
}

const text = (type: 'string' | 'number', description: string): TemplateVariable => ({
  type,
  required: true,
  description,
});

export const TEMPLATES: readonly TemplateSeed[] = [
  {
    key: 'account.welcome',
    category: 'ACCOUNT',
    description: 'Sent once the account is created.',
    variables: {
      firstName: text('string', "The user's first name"),
      signInUrl: text('string', 'Link to the sign-in page'),
    },
    content: {
      EMAIL: {
        en: {
          id: '40000000-0000-4000-8000-000000000001',
          subject: 'Welcome to Orion, {{firstName}}',
          body: 'Hi {{firstName}},\n\nyour Orion account is ready. Sign in at {{signInUrl}} to get started.\n\nThe Orion team',
          htmlBody: emailHtml(
            'en',
            'Welcome to Orion',
            ['Hi {{firstName}},', 'your Orion account is ready.'],
            ['Sign in', '{{signInUrl}}'],
          ),
        },
        de: {
          id: '40000000-0000-4000-8000-000000000002',
          subject: 'Willkommen bei Orion, {{firstName}}',
          body: 'Hallo {{firstName}},\n\nIhr Orion-Konto ist eingerichtet. Melden Sie sich unter {{signInUrl}} an, um loszulegen.\n\nIhr Orion-Team',
          htmlBody: emailHtml(
            'de',
            'Willkommen bei Orion',
            ['Hallo {{firstName}},', 'Ihr Orion-Konto ist eingerichtet.'],
            ['Anmelden', '{{signInUrl}}'],
          ),
        },
      },
      IN_APP: {
        en: {
          id: '40000000-0000-4000-8000-000000000003',
          subject: 'Welcome to Orion',
          body: 'Your account is ready, {{firstName}}. Complete your profile to get started.',
        },
        de: {
          id: '40000000-0000-4000-8000-000000000004',
          subject: 'Willkommen bei Orion',
          body: 'Ihr Konto ist eingerichtet, {{firstName}}. Vervollständigen Sie Ihr Profil, um loszulegen.',
        },
      },
    },
  },
  {
    key: 'auth.password-reset',
    category: 'AUTHENTICATION',
    description: 'Carries the link that lets the user choose a new password.',
    variables: {
      firstName: text('string', "The user's first name"),
      resetUrl: text('string', 'Single-use link to the reset form'),
      expiresInMinutes: text('number', 'Minutes until the link stops working'),
    },
    content: {
      EMAIL: {
        en: {
          id: '40000000-0000-4000-8000-000000000005',
          subject: 'Reset your Orion password',
          body: 'Hi {{firstName}},\n\nwe received a request to reset your password. Choose a new one at {{resetUrl}}; the link works for {{expiresInMinutes}} minutes.\n\nIf you did not ask for this, ignore this e-mail: your password stays the same.',
          htmlBody: emailHtml(
            'en',
            'Reset your password',
            [
              'Hi {{firstName}},',
              'we received a request to reset your password. The link works for {{expiresInMinutes}} minutes.',
              'If you did not ask for this, ignore this e-mail: your password stays the same.',
            ],
            ['Choose a new password', '{{resetUrl}}'],
          ),
        },
        de: {
          id: '40000000-0000-4000-8000-000000000006',
          subject: 'Ihr Orion-Passwort zurücksetzen',
          body: 'Hallo {{firstName}},\n\nwir haben eine Anfrage zum Zurücksetzen Ihres Passworts erhalten. Wählen Sie unter {{resetUrl}} ein neues; der Link ist {{expiresInMinutes}} Minuten gültig.\n\nFalls Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.',
          htmlBody: emailHtml(
            'de',
            'Passwort zurücksetzen',
            [
              'Hallo {{firstName}},',
              'wir haben eine Anfrage zum Zurücksetzen Ihres Passworts erhalten. Der Link ist {{expiresInMinutes}} Minuten gültig.',
              'Falls Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.',
            ],
            ['Neues Passwort wählen', '{{resetUrl}}'],
          ),
        },
      },
      SMS: {
        en: {
          id: '40000000-0000-4000-8000-000000000007',
          body: "Orion: reset your password at {{resetUrl}} (valid {{expiresInMinutes}} min). Didn't ask? Ignore this message.",
        },
        de: {
          id: '40000000-0000-4000-8000-000000000008',
          body: 'Orion: Passwort zurücksetzen unter {{resetUrl}} (gültig {{expiresInMinutes}} Min.). Nicht angefordert? Ignorieren Sie diese Nachricht.',
        },
      },
    },
  },
  {
    key: 'auth.email-verification',
    category: 'AUTHENTICATION',
    description: 'Asks the user to confirm an e-mail address.',
    variables: {
      firstName: text('string', "The user's first name"),
      verificationUrl: text('string', 'Single-use confirmation link'),
      expiresInHours: text('number', 'Hours until the link stops working'),
    },
    content: {
      EMAIL: {
        en: {
          id: '40000000-0000-4000-8000-000000000009',
          subject: 'Confirm your e-mail address',
          body: 'Hi {{firstName}},\n\nplease confirm your e-mail address at {{verificationUrl}}. The link works for {{expiresInHours}} hours.\n\nThe Orion team',
          htmlBody: emailHtml(
            'en',
            'Confirm your e-mail address',
            [
              'Hi {{firstName}},',
              'please confirm your e-mail address. The link works for {{expiresInHours}} hours.',
            ],
            ['Confirm address', '{{verificationUrl}}'],
          ),
        },
        de: {
          id: '40000000-0000-4000-8000-00000000000a',
          subject: 'Bestätigen Sie Ihre E-Mail-Adresse',
          body: 'Hallo {{firstName}},\n\nbitte bestätigen Sie Ihre E-Mail-Adresse unter {{verificationUrl}}. Der Link ist {{expiresInHours}} Stunden gültig.\n\nIhr Orion-Team',
          htmlBody: emailHtml(
            'de',
            'E-Mail-Adresse bestätigen',
            [
              'Hallo {{firstName}},',
              'bitte bestätigen Sie Ihre E-Mail-Adresse. Der Link ist {{expiresInHours}} Stunden gültig.',
            ],
            ['Adresse bestätigen', '{{verificationUrl}}'],
          ),
        },
      },
      IN_APP: {
        en: {
          id: '40000000-0000-4000-8000-00000000000b',
          subject: 'Confirm your e-mail address',
          body: 'We sent a confirmation link to your inbox, {{firstName}}. It works for {{expiresInHours}} hours.',
        },
        de: {
          id: '40000000-0000-4000-8000-00000000000c',
          subject: 'E-Mail-Adresse bestätigen',
          body: 'Wir haben Ihnen einen Bestätigungslink geschickt, {{firstName}}. Er ist {{expiresInHours}} Stunden gültig.',
        },
      },
    },
  },
  {
    key: 'auth.two-factor-code',
    category: 'AUTHENTICATION',
    description: 'A one-time sign-in code for users whose second factor is e-mail or SMS.',
    variables: {
      code: text('string', 'The one-time code'),
      expiresInMinutes: text('number', 'Minutes until the code stops working'),
    },
    content: {
      EMAIL: {
        en: {
          id: '40000000-0000-4000-8000-00000000000d',
          subject: 'Your Orion sign-in code: {{code}}',
          body: 'Your sign-in code is {{code}}. It works for {{expiresInMinutes}} minutes.\n\nNever share this code. If you are not signing in, change your password.',
          htmlBody: emailHtml('en', 'Your sign-in code', [
            'Your sign-in code is <strong>{{code}}</strong>. It works for {{expiresInMinutes}} minutes.',
            'Never share this code. If you are not signing in, change your password.',
          ]),
        },
        de: {
          id: '40000000-0000-4000-8000-00000000000e',
          subject: 'Ihr Orion-Anmeldecode: {{code}}',
          body: 'Ihr Anmeldecode lautet {{code}}. Er ist {{expiresInMinutes}} Minuten gültig.\n\nGeben Sie diesen Code nie weiter. Wenn Sie sich gerade nicht anmelden, ändern Sie Ihr Passwort.',
          htmlBody: emailHtml('de', 'Ihr Anmeldecode', [
            'Ihr Anmeldecode lautet <strong>{{code}}</strong>. Er ist {{expiresInMinutes}} Minuten gültig.',
            'Geben Sie diesen Code nie weiter. Wenn Sie sich gerade nicht anmelden, ändern Sie Ihr Passwort.',
          ]),
        },
      },
      SMS: {
        en: {
          id: '40000000-0000-4000-8000-00000000000f',
          body: 'Your Orion code is {{code}} (valid {{expiresInMinutes}} min). Never share it.',
        },
        de: {
          id: '40000000-0000-4000-8000-000000000010',
          body: 'Ihr Orion-Code lautet {{code}} (gültig {{expiresInMinutes}} Min.). Geben Sie ihn nie weiter.',
        },
      },
    },
  },
  {
    key: 'security.new-device-sign-in',
    category: 'SECURITY',
    description: 'Warns the user that the account was used from a device not seen before.',
    variables: {
      firstName: text('string', "The user's first name"),
      deviceName: text('string', 'Browser and operating system, e.g. "Firefox on Linux"'),
      location: text('string', 'Approximate place derived from the IP address'),
      ipAddress: text('string', 'IP address of the sign-in'),
      signedInAt: text('string', "Time of the sign-in, formatted for the user's locale"),
      securityUrl: text('string', 'Link to the security settings'),
    },
    content: {
      EMAIL: {
        en: {
          id: '40000000-0000-4000-8000-000000000011',
          subject: 'New sign-in to your Orion account',
          body: 'Hi {{firstName}},\n\nyour account was signed in from a new device:\n\nDevice: {{deviceName}}\nLocation: {{location}} ({{ipAddress}})\nTime: {{signedInAt}}\n\nIf this was you, nothing needs to be done. If not, change your password and sign out other sessions at {{securityUrl}}.',
          htmlBody: emailHtml(
            'en',
            'New sign-in to your account',
            [
              'Hi {{firstName}},',
              'your account was signed in from a new device:',
              'Device: {{deviceName}}<br>Location: {{location}} ({{ipAddress}})<br>Time: {{signedInAt}}',
              'If this was you, nothing needs to be done. If not, change your password and sign out other sessions.',
            ],
            ['Review security settings', '{{securityUrl}}'],
          ),
        },
        de: {
          id: '40000000-0000-4000-8000-000000000012',
          subject: 'Neue Anmeldung bei Ihrem Orion-Konto',
          body: 'Hallo {{firstName}},\n\nIhr Konto wurde auf einem neuen Gerät angemeldet:\n\nGerät: {{deviceName}}\nOrt: {{location}} ({{ipAddress}})\nZeit: {{signedInAt}}\n\nWenn Sie das waren, ist nichts zu tun. Andernfalls ändern Sie Ihr Passwort und melden Sie andere Sitzungen unter {{securityUrl}} ab.',
          htmlBody: emailHtml(
            'de',
            'Neue Anmeldung bei Ihrem Konto',
            [
              'Hallo {{firstName}},',
              'Ihr Konto wurde auf einem neuen Gerät angemeldet:',
              'Gerät: {{deviceName}}<br>Ort: {{location}} ({{ipAddress}})<br>Zeit: {{signedInAt}}',
              'Wenn Sie das waren, ist nichts zu tun. Andernfalls ändern Sie Ihr Passwort und melden Sie andere Sitzungen ab.',
            ],
            ['Sicherheitseinstellungen prüfen', '{{securityUrl}}'],
          ),
        },
      },
      PUSH: {
        en: {
          id: '40000000-0000-4000-8000-000000000013',
          subject: 'New sign-in',
          body: '{{deviceName}} near {{location}} signed in to your account. Not you? Secure your account now.',
        },
        de: {
          id: '40000000-0000-4000-8000-000000000014',
          subject: 'Neue Anmeldung',
          body: '{{deviceName}} bei {{location}} hat sich bei Ihrem Konto angemeldet. Nicht Sie? Sichern Sie jetzt Ihr Konto.',
        },
      },
      IN_APP: {
        en: {
          id: '40000000-0000-4000-8000-000000000015',
          subject: 'New sign-in from {{deviceName}}',
          body: 'Signed in near {{location}} ({{ipAddress}}) at {{signedInAt}}. Not you? Review your security settings.',
        },
        de: {
          id: '40000000-0000-4000-8000-000000000016',
          subject: 'Neue Anmeldung von {{deviceName}}',
          body: 'Angemeldet bei {{location}} ({{ipAddress}}) um {{signedInAt}}. Nicht Sie? Prüfen Sie Ihre Sicherheitseinstellungen.',
        },
      },
    },
  },
  {
    key: 'security.password-changed',
    category: 'SECURITY',
    description: "Confirms a password change, so an unnoticed change by someone else doesn't go unseen.",
    variables: {
      firstName: text('string', "The user's first name"),
      changedAt: text('string', "Time of the change, formatted for the user's locale"),
      securityUrl: text('string', 'Link to the security settings'),
    },
    content: {
      EMAIL: {
        en: {
          id: '40000000-0000-4000-8000-000000000017',
          subject: 'Your Orion password was changed',
          body: 'Hi {{firstName}},\n\nthe password of your account was changed at {{changedAt}}, and your other sessions were signed out.\n\nIf you did not do this, reset your password at once and review {{securityUrl}}.',
          htmlBody: emailHtml(
            'en',
            'Your password was changed',
            [
              'Hi {{firstName}},',
              'the password of your account was changed at {{changedAt}}, and your other sessions were signed out.',
              'If you did not do this, reset your password at once.',
            ],
            ['Review security settings', '{{securityUrl}}'],
          ),
        },
        de: {
          id: '40000000-0000-4000-8000-000000000018',
          subject: 'Ihr Orion-Passwort wurde geändert',
          body: 'Hallo {{firstName}},\n\ndas Passwort Ihres Kontos wurde am {{changedAt}} geändert, und Ihre anderen Sitzungen wurden abgemeldet.\n\nFalls Sie das nicht waren, setzen Sie Ihr Passwort sofort zurück und prüfen Sie {{securityUrl}}.',
          htmlBody: emailHtml(
            'de',
            'Ihr Passwort wurde geändert',
            [
              'Hallo {{firstName}},',
              'das Passwort Ihres Kontos wurde am {{changedAt}} geändert, und Ihre anderen Sitzungen wurden abgemeldet.',
              'Falls Sie das nicht waren, setzen Sie Ihr Passwort sofort zurück.',
            ],
            ['Sicherheitseinstellungen prüfen', '{{securityUrl}}'],
          ),
        },
      },
      PUSH: {
        en: {
          id: '40000000-0000-4000-8000-000000000019',
          subject: 'Password changed',
          body: 'Your Orion password was changed at {{changedAt}}. Not you? Reset it now.',
        },
        de: {
          id: '40000000-0000-4000-8000-00000000001a',
          subject: 'Passwort geändert',
          body: 'Ihr Orion-Passwort wurde am {{changedAt}} geändert. Nicht Sie? Setzen Sie es jetzt zurück.',
        },
      },
      SMS: {
        en: {
          id: '40000000-0000-4000-8000-00000000001b',
          body: 'Orion: your password was changed at {{changedAt}}. Not you? Reset it now at {{securityUrl}}',
        },
        de: {
          id: '40000000-0000-4000-8000-00000000001c',
          body: 'Orion: Ihr Passwort wurde am {{changedAt}} geändert. Nicht Sie? Jetzt zurücksetzen: {{securityUrl}}',
        },
      },
    },
  },
];

/** One row of the templates table. */
export interface TemplateRow extends ChannelContent {
  key: string;
  channel: NotificationChannel;
  locale: TemplateLocale;
  category: TemplateCategory;
  description: string;
  variables: Record<string, TemplateVariable>;
}

export const TEMPLATE_ROWS: readonly TemplateRow[] = TEMPLATES.flatMap((t) =>
  Object.entries(t.content).flatMap(([channel, byLocale]) =>
    TEMPLATE_LOCALES.map((locale) => ({
      ...byLocale[locale],
      key: t.key,
      channel: channel as NotificationChannel,
      locale,
      category: t.category,
      description: t.description,
      variables: t.variables,
    })),
  ),
);

export interface NotificationPreferenceSeed {
  id: string;
  userId: string;
  channel: NotificationChannel;
  category: TemplateCategory;
  enabled: boolean;
  frequency: 'immediate' | 'hourly' | 'daily' | 'weekly';
  quietHoursStart?: string;
  quietHoursEnd?: string;
  timezone?: string;
}

interface NotificationSettings {
  categories: Partial<
    Record<TemplateCategory, { channels: Partial<Record<NotificationChannel, boolean>>; frequency: string }>
  >;
  quietHours?: { start: string; end: string };
}

/**
 * The user service owns preferences; these rows are the notification service's projection of
 * each sample account's `notifications` category (one row per category and channel named
 * there), with the account's time zone, so the seeds agree as the event consumer would.
 */
export const NOTIFICATION_PREFERENCES: readonly NotificationPreferenceSeed[] = USER_PREFERENCES.flatMap(
  (preferences) => {
    const settings = preferences.notifications as unknown as NotificationSettings;
    const timezone = String(preferences.localization.timeZone);
    return Object.entries(settings.categories).flatMap(([category, choice]) =>
      Object.entries(choice.channels).map(([channel, enabled]) => ({
        userId: preferences.userId,
        channel: channel as NotificationChannel,
        category: category as TemplateCategory,
        enabled: Boolean(enabled),
        frequency: choice.frequency as NotificationPreferenceSeed['frequency'],
        quietHoursStart: settings.quietHours?.start,
        quietHoursEnd: settings.quietHours?.end,
        timezone,
      })),
    );
  },
).map((row, index) => ({ id: `41000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`, ...row }));

/** Record counts per model, for scripts that describe the seed without a database. */
export const NOTIFICATION_SEED_COUNTS = {
  Template: TEMPLATE_ROWS.length,
  UserPreference: NOTIFICATION_PREFERENCES.length,
} as const;
