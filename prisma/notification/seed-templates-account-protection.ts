/**
 * Seeded alerts about someone using the owner's address to get an account: a sign-up for a
 * taken address, a sign-in through an identity provider that could not be linked. The person
 * who tried is told nothing either way; only the owner of the address learns of it.
 */
import { variable } from './seed-template-format';
import { alert, ipAddress, occurredAt, securityUrl, seed } from './seed-templates-security';
import type { TemplateSeed } from './seed-template-format';

const passwordResetUrl = variable(
  'url',
  'Link to the password reset page',
  'https://app.orion.local/password-reset',
);

export const ACCOUNT_PROTECTION_TEMPLATES: readonly TemplateSeed[] = [
  seed(
    101,
    'security.registration-attempted',
    'Someone signed up with an address that already has an account.',
    ['EMAIL'],
    { attemptedAt: occurredAt, passwordResetUrl, securityUrl },
    alert({
      en: {
        subject: 'Someone tried to register with your address',
        lines: [
          'at {{attemptedAt}} someone tried to create an Orion account with this e-mail address, which already has one. No new account was created.',
          'If it was you, sign in instead, or reset your password if you do not know it: {{passwordResetUrl}}',
          'If you never created an Orion account, resetting the password makes the existing one yours and removes anything its creator added.',
        ],
        action: 'Review security settings',
        inApp: 'Someone tried to register with your address at {{attemptedAt}}.',
      },
      de: {
        subject: 'Jemand wollte sich mit Ihrer Adresse registrieren',
        lines: [
          'am {{attemptedAt}} hat jemand versucht, mit dieser E-Mail-Adresse ein Orion-Konto anzulegen; es gibt bereits eines. Es wurde kein neues Konto angelegt.',
          'Falls Sie das waren, melden Sie sich an oder setzen Sie Ihr Passwort zurück: {{passwordResetUrl}}',
          'Falls Sie nie ein Orion-Konto angelegt haben, macht das Zurücksetzen des Passworts das bestehende Konto zu Ihrem und entfernt alles, was sein Ersteller hinzugefügt hat.',
        ],
        action: 'Sicherheitseinstellungen prüfen',
        inApp: 'Jemand wollte sich am {{attemptedAt}} mit Ihrer Adresse registrieren.',
      },
    }),
  ),
  seed(
    102,
    'security.social-sign-in-attempted',
    'A sign-in through an identity provider used the address of an account it could not be linked to.',
    ['EMAIL'],
    {
      provider: variable('string', 'The identity provider, e.g. google', 'google'),
      attemptedAt: occurredAt,
      ipAddress,
      securityUrl,
    },
    alert({
      en: {
        subject: 'Someone tried to sign in with {{provider}} using your address',
        lines: [
          'at {{attemptedAt}} someone signed in with a {{provider}} account that gives this e-mail address. It was not linked to your Orion account, because the address is not verified on both sides.',
          'If it was you, sign in to Orion and link {{provider}} from your security settings. If not, nothing was changed.',
        ],
        action: 'Review security settings',
        inApp: 'A {{provider}} sign-in with your address was not linked ({{attemptedAt}}).',
      },
      de: {
        subject: 'Anmeldeversuch mit {{provider}} und Ihrer Adresse',
        lines: [
          'am {{attemptedAt}} hat sich jemand mit einem {{provider}}-Konto angemeldet, das diese E-Mail-Adresse angibt. Es wurde nicht mit Ihrem Orion-Konto verknüpft, weil die Adresse nicht auf beiden Seiten bestätigt ist.',
          'Falls Sie das waren, melden Sie sich bei Orion an und verknüpfen Sie {{provider}} in den Sicherheitseinstellungen. Falls nicht, wurde nichts geändert.',
        ],
        action: 'Sicherheitseinstellungen prüfen',
        inApp: 'Eine {{provider}}-Anmeldung mit Ihrer Adresse wurde nicht verknüpft ({{attemptedAt}}).',
      },
    }),
  ),
];
