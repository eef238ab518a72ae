/** Seeded templates for account and sign-in messages (the user acted; the message follows). */
import {
  emailHtml,
  greeting,
  SECRET,
  secret,
  secretLink,
  TemplateSeed,
  variable,
} from './seed-template-format';

const name = variable('string', "The user's display name, when known", 'Ada', false);

export const ACCOUNT_TEMPLATES: readonly TemplateSeed[] = [
  {
    id: '40000000-0000-4000-8000-000000000001',
    versionId: '42000000-0000-4000-8000-000000000001',
    key: 'account.welcome',
    category: 'ACCOUNT',
    description:
      'Sent once the account is created. Until the address is verified it asks for that, and only then calls the account ready.',
    defaultChannels: ['EMAIL', 'IN_APP'],
    variables: {
      name,
      signInUrl: variable('url', 'Link to the sign-in page', 'https://app.orion.local/sign-in'),
      emailVerified: variable(
        'boolean',
        'The address is already verified (social sign-in, created by an administrator)',
        false,
        false,
      ),
    },
    content: {
      EMAIL: {
        en: {
          subject: 'Welcome to Orion',
          text: `${greeting('en')}\n\n{{#if emailVerified}}your Orion account is ready. Sign in at {{signInUrl}} to get started.{{else}}welcome to Orion. To finish setting up your account, verify your e-mail address with the link in the separate message we sent you; then sign in at {{signInUrl}}.{{/if}}\n\nThe Orion team`,
          html: emailHtml(
            'en',
            'Welcome to Orion',
            [
              greeting('en'),
              '{{#if emailVerified}}your Orion account is ready.{{else}}to finish setting up your account, verify your e-mail address with the link in the separate message we sent you.{{/if}}',
            ],
            ['Sign in', '{{signInUrl}}'],
          ),
        },
        de: {
          subject: 'Willkommen bei Orion',
          text: `${greeting('de')}\n\n{{#if emailVerified}}Ihr Orion-Konto ist eingerichtet. Melden Sie sich unter {{signInUrl}} an, um loszulegen.{{else}}willkommen bei Orion. Um die Einrichtung Ihres Kontos abzuschließen, bestätigen Sie Ihre E-Mail-Adresse über den Link in unserer separaten Nachricht; melden Sie sich dann unter {{signInUrl}} an.{{/if}}\n\nIhr Orion-Team`,
          html: emailHtml(
            'de',
            'Willkommen bei Orion',
            [
              greeting('de'),
              '{{#if emailVerified}}Ihr Orion-Konto ist eingerichtet.{{else}}um die Einrichtung Ihres Kontos abzuschließen, bestätigen Sie Ihre E-Mail-Adresse über den Link in unserer separaten Nachricht.{{/if}}',
            ],
            ['Anmelden', '{{signInUrl}}'],
          ),
        },
      },
      IN_APP: {
        en: {
          title: 'Welcome to Orion',
          body: '{{#if emailVerified}}Your account is ready. Complete your profile to get started.{{else}}Verify your e-mail address to finish setting up your account.{{/if}}',
        },
        de: {
          title: 'Willkommen bei Orion',
          body: '{{#if emailVerified}}Ihr Konto ist eingerichtet. Vervollständigen Sie Ihr Profil, um loszulegen.{{else}}Bestätigen Sie Ihre E-Mail-Adresse, um die Einrichtung Ihres Kontos abzuschließen.{{/if}}',
        },
      },
    },
  },
  {
    id: '40000000-0000-4000-8000-000000000002',
    versionId: '42000000-0000-4000-8000-000000000002',
    key: 'auth.password-reset',
    category: 'AUTHENTICATION',
    description: 'Carries the link that lets the user choose a new password.',
    defaultChannels: ['EMAIL'],
    variables: {
      name,
      resetUrl: secret(
        'url',
        'Single-use link to the reset form',
        'https://app.orion.local/password-reset?token=sample',
      ),
      expiresInMinutes: variable('number', 'Minutes until the link stops working', 30),
    },
    content: {
      EMAIL: {
        en: {
          subject: 'Reset your Orion password',
          text: `${greeting('en')}\n\nwe received a request to reset your password. Choose a new one at ${SECRET}; the link works for {{expiresInMinutes}} minutes.\n\nIf you did not ask for this, ignore this e-mail: your password stays the same.`,
          html: emailHtml(
            'en',
            'Reset your password',
            [
              greeting('en'),
              'we received a request to reset your password. The link works for {{expiresInMinutes}} minutes.',
              'If you did not ask for this, ignore this e-mail: your password stays the same.',
            ],
            secretLink('Choose a new password'),
          ),
        },
        de: {
          subject: 'Ihr Orion-Passwort zurücksetzen',
          text: `${greeting('de')}\n\nwir haben eine Anfrage zum Zurücksetzen Ihres Passworts erhalten. Wählen Sie unter ${SECRET} ein neues; der Link ist {{expiresInMinutes}} Minuten gültig.\n\nFalls Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.`,
          html: emailHtml(
            'de',
            'Passwort zurücksetzen',
            [
              greeting('de'),
              'wir haben eine Anfrage zum Zurücksetzen Ihres Passworts erhalten. Der Link ist {{expiresInMinutes}} Minuten gültig.',
              'Falls Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.',
            ],
            secretLink('Neues Passwort wählen'),
          ),
        },
      },
      SMS: {
        en: {
          text: "Orion: reset your password at [[secret]] (valid {{expiresInMinutes}} min). Didn't ask? Ignore this message.",
        },
        de: {
          text: 'Orion: Passwort zurücksetzen unter [[secret]] (gültig {{expiresInMinutes}} Min.). Nicht angefordert? Ignorieren Sie diese Nachricht.',
        },
      },
    },
  },
  {
    id: '40000000-0000-4000-8000-000000000003',
    versionId: '42000000-0000-4000-8000-000000000003',
    key: 'auth.email-verification',
    category: 'AUTHENTICATION',
    description: 'Asks the user to confirm an e-mail address (a new account, or a change of address).',
    defaultChannels: ['EMAIL'],
    variables: {
      name,
      verificationUrl: secret(
        'url',
        'Single-use confirmation link',
        'https://app.orion.local/verify-email?token=sample',
      ),
      expiresInHours: variable('number', 'Hours until the link stops working', 24),
      isChangeOfAddress: variable(
        'boolean',
        'The address replaces the current one once confirmed',
        false,
        false,
      ),
    },
    content: {
      EMAIL: {
        en: {
          subject: 'Confirm your e-mail address',
          text: `${greeting('en')}\n\n{{#if isChangeOfAddress}}confirm that this is your new e-mail address{{else}}please confirm your e-mail address{{/if}} at ${SECRET}. The link works for {{expiresInHours}} hours.\n\nThe Orion team`,
          html: emailHtml(
            'en',
            'Confirm your e-mail address',
            [
              greeting('en'),
              '{{#if isChangeOfAddress}}confirm that this is your new e-mail address.{{else}}please confirm your e-mail address.{{/if}} The link works for {{expiresInHours}} hours.',
            ],
            secretLink('Confirm address'),
          ),
        },
        de: {
          subject: 'Bestätigen Sie Ihre E-Mail-Adresse',
          text: `${greeting('de')}\n\n{{#if isChangeOfAddress}}bitte bestätigen Sie Ihre neue E-Mail-Adresse{{else}}bitte bestätigen Sie Ihre E-Mail-Adresse{{/if}} unter ${SECRET}. Der Link ist {{expiresInHours}} Stunden gültig.\n\nIhr Orion-Team`,
          html: emailHtml(
            'de',
            'E-Mail-Adresse bestätigen',
            [
              greeting('de'),
              '{{#if isChangeOfAddress}}bitte bestätigen Sie Ihre neue E-Mail-Adresse.{{else}}bitte bestätigen Sie Ihre E-Mail-Adresse.{{/if}} Der Link ist {{expiresInHours}} Stunden gültig.',
            ],
            secretLink('Adresse bestätigen'),
          ),
        },
      },
      IN_APP: {
        en: {
          title: 'Confirm your e-mail address',
          body: 'We sent a confirmation link to your inbox. It works for {{expiresInHours}} hours.',
        },
        de: {
          title: 'E-Mail-Adresse bestätigen',
          body: 'Wir haben Ihnen einen Bestätigungslink geschickt. Er ist {{expiresInHours}} Stunden gültig.',
        },
      },
    },
  },
  {
    id: '40000000-0000-4000-8000-000000000004',
    versionId: '42000000-0000-4000-8000-000000000004',
    key: 'auth.two-factor-code',
    category: 'AUTHENTICATION',
    description: 'A one-time sign-in code for users whose second factor is e-mail or SMS.',
    defaultChannels: ['EMAIL'],
    variables: {
      code: secret('string', 'The one-time code', '123456'),
      expiresInMinutes: variable('number', 'Minutes until the code stops working', 5),
    },
    content: {
      EMAIL: {
        en: {
          subject: 'Your Orion sign-in code',
          text: 'Your sign-in code is [[secret]]. It works for {{expiresInMinutes}} minutes.\n\nNever share this code. If you are not signing in, change your password.',
          html: emailHtml('en', 'Your sign-in code', [
            'Your sign-in code is <strong>[[secret]]</strong>. It works for {{expiresInMinutes}} minutes.',
            'Never share this code. If you are not signing in, change your password.',
          ]),
        },
        de: {
          subject: 'Ihr Orion-Anmeldecode',
          text: 'Ihr Anmeldecode lautet [[secret]]. Er ist {{expiresInMinutes}} Minuten gültig.\n\nGeben Sie diesen Code nie weiter. Wenn Sie sich gerade nicht anmelden, ändern Sie Ihr Passwort.',
          html: emailHtml('de', 'Ihr Anmeldecode', [
            'Ihr Anmeldecode lautet <strong>[[secret]]</strong>. Er ist {{expiresInMinutes}} Minuten gültig.',
            'Geben Sie diesen Code nie weiter. Wenn Sie sich gerade nicht anmelden, ändern Sie Ihr Passwort.',
          ]),
        },
      },
      SMS: {
        en: { text: 'Your Orion code is [[secret]] (valid {{expiresInMinutes}} min). Never share it.' },
        de: {
          text: 'Ihr Orion-Code lautet [[secret]] (gültig {{expiresInMinutes}} Min.). Geben Sie ihn nie weiter.',
        },
      },
    },
  },
];
