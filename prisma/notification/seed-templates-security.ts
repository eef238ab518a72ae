/**
 * Seeded security alerts: something happened to the account that its owner must be able to
 * recognise, or stop. All in the SECURITY category, which users cannot switch off.
 */
import type { NotificationChannel } from '@orion/prisma-notification';
import {
  ChannelContent,
  emailHtml,
  TemplateLocale,
  TemplateSeed,
  TemplateVariable,
  variable,
} from './seed-template-format';

export const occurredAt = variable(
  'date',
  'When it happened (shown in UTC, formatted for the locale)',
  '2026-01-15T09:30:00Z',
);
export const ipAddress = variable('string', 'IP address it came from', '203.0.113.7', false);
export const securityUrl = variable(
  'url',
  'Link to the security settings',
  'https://app.orion.local/account/security',
);

type Texts = { subject: string; lines: string[]; action: string; inApp: string };

/** E-mail (text and HTML) and in-app content from one set of sentences per locale. */
export function alert(
  texts: Record<TemplateLocale, Texts>,
): Partial<Record<NotificationChannel, Record<TemplateLocale, ChannelContent>>> {
  const email = (locale: TemplateLocale): ChannelContent => {
    const t = texts[locale];
    const hello = locale === 'de' ? 'Hallo,' : 'Hello,';
    return {
      subject: t.subject,
      text: [hello, ...t.lines, `${t.action}: {{securityUrl}}`].join('\n\n'),
      html: emailHtml(locale, t.subject, [hello, ...t.lines], [t.action, '{{securityUrl}}']),
    };
  };
  return {
    EMAIL: { en: email('en'), de: email('de') },
    IN_APP: {
      en: { title: texts.en.subject, body: texts.en.inApp },
      de: { title: texts.de.subject, body: texts.de.inApp },
    },
  };
}

export function seed(
  n: number,
  key: string,
  description: string,
  defaultChannels: NotificationChannel[],
  variables: Record<string, TemplateVariable>,
  content: TemplateSeed['content'],
): TemplateSeed {
  const suffix = String(n).padStart(12, '0');
  return {
    id: `40000000-0000-4000-8000-${suffix}`,
    versionId: `42000000-0000-4000-8000-${suffix}`,
    key,
    category: 'SECURITY',
    description,
    defaultChannels,
    variables,
    content,
  };
}

const newDevice = alert({
  en: {
    subject: 'New sign-in to your Orion account',
    lines: [
      'your account was signed in from a new device: {{deviceName}}, near {{location}} ({{ipAddress}}), at {{signedInAt}}.',
      'If this was you, nothing needs to be done. If not, change your password and sign out other sessions.',
    ],
    action: 'Review security settings',
    inApp:
      '{{deviceName}} signed in near {{location}} at {{signedInAt}}. Not you? Review your security settings.',
  },
  de: {
    subject: 'Neue Anmeldung bei Ihrem Orion-Konto',
    lines: [
      'Ihr Konto wurde auf einem neuen Gerät angemeldet: {{deviceName}}, bei {{location}} ({{ipAddress}}), am {{signedInAt}}.',
      'Wenn Sie das waren, ist nichts zu tun. Andernfalls ändern Sie Ihr Passwort und melden Sie andere Sitzungen ab.',
    ],
    action: 'Sicherheitseinstellungen prüfen',
    inApp:
      '{{deviceName}} hat sich bei {{location}} am {{signedInAt}} angemeldet. Nicht Sie? Prüfen Sie Ihre Sicherheitseinstellungen.',
  },
});
newDevice.PUSH = {
  en: {
    title: 'New sign-in',
    body: '{{deviceName}} near {{location}} signed in to your account. Not you? Secure your account now.',
  },
  de: {
    title: 'Neue Anmeldung',
    body: '{{deviceName}} bei {{location}} hat sich bei Ihrem Konto angemeldet. Nicht Sie? Sichern Sie jetzt Ihr Konto.',
  },
};

const passwordChanged = alert({
  en: {
    subject: 'Your Orion password was changed',
    lines: [
      'the password of your account was {{#if byReset}}reset through an e-mailed link{{else}}changed{{/if}} at {{changedAt}}, and your other sessions were signed out.',
      'If you did not do this, reset your password at once.',
    ],
    action: 'Review security settings',
    inApp: 'Your password was changed at {{changedAt}}. Not you? Reset it now.',
  },
  de: {
    subject: 'Ihr Orion-Passwort wurde geändert',
    lines: [
      'das Passwort Ihres Kontos wurde am {{changedAt}} {{#if byReset}}über einen E-Mail-Link zurückgesetzt{{else}}geändert{{/if}}, und Ihre anderen Sitzungen wurden abgemeldet.',
      'Falls Sie das nicht waren, setzen Sie Ihr Passwort sofort zurück.',
    ],
    action: 'Sicherheitseinstellungen prüfen',
    inApp: 'Ihr Passwort wurde am {{changedAt}} geändert. Nicht Sie? Setzen Sie es jetzt zurück.',
  },
});
passwordChanged.SMS = {
  en: { text: 'Orion: your password was changed at {{changedAt}}. Not you? Reset it now at {{securityUrl}}' },
  de: {
    text: 'Orion: Ihr Passwort wurde am {{changedAt}} geändert. Nicht Sie? Jetzt zurücksetzen: {{securityUrl}}',
  },
};

const accountLocked = alert({
  en: {
    subject: 'Your Orion account was locked',
    lines: [
      'after {{failedAttempts}} failed sign-ins in a row, your account was locked{{#if lockedUntil}} until {{lockedUntil}}{{/if}}. Devices you trust can still sign in.',
      'If these attempts were not yours, someone may know your e-mail address: reset your password to unlock the account.',
    ],
    action: 'Reset your password',
    inApp: 'Your account was locked after {{failedAttempts}} failed sign-ins.',
  },
  de: {
    subject: 'Ihr Orion-Konto wurde gesperrt',
    lines: [
      'nach {{failedAttempts}} fehlgeschlagenen Anmeldungen in Folge wurde Ihr Konto gesperrt{{#if lockedUntil}}, bis {{lockedUntil}}{{/if}}. Vertrauenswürdige Geräte können sich weiterhin anmelden.',
      'Falls diese Versuche nicht von Ihnen stammen, kennt jemand Ihre E-Mail-Adresse: Setzen Sie Ihr Passwort zurück, um das Konto zu entsperren.',
    ],
    action: 'Passwort zurücksetzen',
    inApp: 'Ihr Konto wurde nach {{failedAttempts}} fehlgeschlagenen Anmeldungen gesperrt.',
  },
});
accountLocked.SMS = {
  en: {
    text: 'Orion: your account was locked after {{failedAttempts}} failed sign-ins. Not you? Reset your password: {{securityUrl}}',
  },
  de: {
    text: 'Orion: Ihr Konto wurde nach {{failedAttempts}} Fehlversuchen gesperrt. Nicht Sie? Passwort zurücksetzen: {{securityUrl}}',
  },
};

export const SECURITY_TEMPLATES: readonly TemplateSeed[] = [
  seed(
    5,
    'security.new-device-sign-in',
    'Warns the user that the account was used from a device not seen before.',
    ['EMAIL', 'IN_APP'],
    {
      deviceName: variable(
        'string',
        'Browser and operating system, e.g. "Firefox on Linux"',
        'Firefox on Linux',
      ),
      location: variable('string', 'Approximate place derived from the IP address', 'DE'),
      ipAddress,
      signedInAt: occurredAt,
      securityUrl,
    },
    newDevice,
  ),
  seed(
    6,
    'security.password-changed',
    'Tells the owner that the password changed and other sessions ended.',
    ['EMAIL', 'IN_APP'],
    {
      changedAt: occurredAt,
      byReset: variable(
        'boolean',
        'Changed through a reset link rather than by the signed-in owner',
        false,
        false,
      ),
      ipAddress,
      securityUrl,
    },
    passwordChanged,
  ),
  seed(
    7,
    'security.refresh-token-reused',
    'A refresh token was used twice: the sessions it belonged to were ended as a precaution.',
    ['EMAIL', 'IN_APP'],
    { detectedAt: occurredAt, ipAddress, securityUrl },
    alert({
      en: {
        subject: 'We signed you out to protect your Orion account',
        lines: [
          'at {{detectedAt}} a sign-in token of your account was used a second time{{#if ipAddress}} from {{ipAddress}}{{/if}}, which can mean it was copied. We ended that session on every device.',
          'Sign in again. If this keeps happening, change your password.',
        ],
        action: 'Review security settings',
        inApp: 'A session was ended at {{detectedAt}} because its token was used twice.',
      },
      de: {
        subject: 'Wir haben Sie zum Schutz Ihres Orion-Kontos abgemeldet',
        lines: [
          'am {{detectedAt}} wurde ein Anmelde-Token Ihres Kontos ein zweites Mal verwendet{{#if ipAddress}} (von {{ipAddress}}){{/if}}; es könnte kopiert worden sein. Wir haben diese Sitzung auf allen Geräten beendet.',
          'Melden Sie sich erneut an. Wenn das wiederholt passiert, ändern Sie Ihr Passwort.',
        ],
        action: 'Sicherheitseinstellungen prüfen',
        inApp: 'Eine Sitzung wurde am {{detectedAt}} beendet, weil ihr Token zweimal verwendet wurde.',
      },
    }),
  ),
  seed(
    8,
    'security.sign-in-blocked',
    'A sign-in with the right password was refused because it looked too risky.',
    ['EMAIL', 'IN_APP'],
    {
      attemptedAt: occurredAt,
      ipAddress,
      location: variable('string', 'Country derived from the IP address', 'unknown', false),
      securityUrl,
    },
    alert({
      en: {
        subject: 'We blocked a sign-in to your Orion account',
        lines: [
          'at {{attemptedAt}} someone signed in with your password from {{ipAddress}}{{#if location}} ({{location}}){{/if}}. It looked unusual, so we refused it.',
          'If it was you, sign in again from a device you use often. If not, your password is known to someone else: change it now.',
        ],
        action: 'Change your password',
        inApp: 'A sign-in from {{ipAddress}} was blocked at {{attemptedAt}}.',
      },
      de: {
        subject: 'Wir haben eine Anmeldung bei Ihrem Orion-Konto blockiert',
        lines: [
          'am {{attemptedAt}} hat sich jemand von {{ipAddress}}{{#if location}} ({{location}}){{/if}} mit Ihrem Passwort angemeldet. Das sah ungewöhnlich aus, deshalb haben wir es abgelehnt.',
          'Wenn Sie das waren, melden Sie sich von einem vertrauten Gerät an. Andernfalls kennt jemand Ihr Passwort: Ändern Sie es jetzt.',
        ],
        action: 'Passwort ändern',
        inApp: 'Eine Anmeldung von {{ipAddress}} wurde am {{attemptedAt}} blockiert.',
      },
    }),
  ),
  seed(
    9,
    'security.account-locked',
    'Too many failed sign-ins: the account is locked for devices it does not trust.',
    ['EMAIL', 'IN_APP'],
    {
      failedAttempts: variable('number', 'Failed sign-ins in a row', 10),
      lockedUntil: variable(
        'date',
        'End of the lock; absent when it lasts until a reset',
        '2026-01-15T10:00:00Z',
        false,
      ),
      lockedAt: occurredAt,
      securityUrl,
    },
    accountLocked,
  ),
  seed(
    10,
    'security.two-factor-changed',
    'A second factor was added or removed, backup codes were regenerated or one was used.',
    ['EMAIL', 'IN_APP'],
    {
      method: variable('string', 'The factor concerned: totp, sms, email, webauthn or backup_code', 'totp'),
      enabled: variable('boolean', 'The factor was added', true, false),
      disabled: variable('boolean', 'The factor was removed', false, false),
      codesRegenerated: variable('boolean', 'A new set of backup codes replaced the old one', false, false),
      codeUsed: variable('boolean', 'A backup code was used to sign in', false, false),
      backupCodesLeft: variable('number', 'Unused backup codes left', 8, false),
      changedAt: occurredAt,
      ipAddress,
      securityUrl,
    },
    alert({
      en: {
        subject: 'Two-step sign-in changed on your Orion account',
        lines: [
          'at {{changedAt}}: {{#if enabled}}{{method}} was added as a second step.{{/if}}{{#if disabled}}{{method}} was removed as a second step.{{/if}}{{#if codesRegenerated}}new backup codes were created; the old ones no longer work.{{/if}}{{#if codeUsed}}a backup code was used to sign in.{{/if}}{{#if backupCodesLeft includeZero=true}} Backup codes left: {{backupCodesLeft}}.{{/if}}',
          'If this was not you, secure your account now.',
        ],
        action: 'Review security settings',
        inApp: 'Two-step sign-in changed at {{changedAt}} ({{method}}).',
      },
      de: {
        subject: 'Zweistufige Anmeldung Ihres Orion-Kontos geändert',
        lines: [
          'am {{changedAt}}: {{#if enabled}}{{method}} wurde als zweiter Schritt hinzugefügt.{{/if}}{{#if disabled}}{{method}} wurde als zweiter Schritt entfernt.{{/if}}{{#if codesRegenerated}}neue Backup-Codes wurden erstellt; die alten gelten nicht mehr.{{/if}}{{#if codeUsed}}ein Backup-Code wurde zur Anmeldung verwendet.{{/if}}{{#if backupCodesLeft includeZero=true}} Verbleibende Backup-Codes: {{backupCodesLeft}}.{{/if}}',
          'Falls Sie das nicht waren, sichern Sie jetzt Ihr Konto.',
        ],
        action: 'Sicherheitseinstellungen prüfen',
        inApp: 'Zweistufige Anmeldung am {{changedAt}} geändert ({{method}}).',
      },
    }),
  ),
  seed(
    11,
    'security.social-account-changed',
    'An external identity (OpenID Connect provider) was linked to or unlinked from the account.',
    ['EMAIL', 'IN_APP'],
    {
      provider: variable('string', 'The identity provider, e.g. google', 'google'),
      linked: variable('boolean', 'Linked (true) or unlinked (false)', true, false),
      changedAt: occurredAt,
      ipAddress,
      securityUrl,
    },
    alert({
      en: {
        subject:
          'Sign-in with {{provider}} {{#if linked}}added to{{else}}removed from{{/if}} your Orion account',
        lines: [
          'at {{changedAt}} your {{provider}} account was {{#if linked}}linked to{{else}}unlinked from{{/if}} your Orion account{{#if linked}}; it can now be used to sign in{{/if}}.',
          'If this was not you, secure your account now.',
        ],
        action: 'Review security settings',
        inApp: '{{provider}} {{#if linked}}linked{{else}}unlinked{{/if}} at {{changedAt}}.',
      },
      de: {
        subject:
          'Anmeldung mit {{provider}} {{#if linked}}zu Ihrem Orion-Konto hinzugefügt{{else}}von Ihrem Orion-Konto entfernt{{/if}}',
        lines: [
          'am {{changedAt}} wurde Ihr {{provider}}-Konto {{#if linked}}mit Ihrem Orion-Konto verknüpft; es kann jetzt zur Anmeldung verwendet werden{{else}}von Ihrem Orion-Konto getrennt{{/if}}.',
          'Falls Sie das nicht waren, sichern Sie jetzt Ihr Konto.',
        ],
        action: 'Sicherheitseinstellungen prüfen',
        inApp: '{{provider}} am {{changedAt}} {{#if linked}}verknüpft{{else}}getrennt{{/if}}.',
      },
    }),
  ),
  seed(
    20,
    'security.second-factor-failures',
    'Wrong second-factor answers kept coming after a correct password: the password is probably known.',
    ['EMAIL', 'IN_APP'],
    {
      failedAttempts: variable('number', 'Wrong second-factor answers since the last sign-in', 5),
      attemptedAt: occurredAt,
      ipAddress,
      securityUrl,
    },
    alert({
      en: {
        subject: 'Someone is trying to get past your Orion two-step sign-in',
        lines: [
          'by {{attemptedAt}} someone had entered your password correctly and then given {{failedAttempts}} wrong two-step codes or keys, the last from {{ipAddress}}. We refuse them and lock sign-in when they go on.',
          'If this was not you, your password is known to someone else: change it now.',
        ],
        action: 'Change your password',
        inApp: '{{failedAttempts}} wrong two-step answers after your password, the last from {{ipAddress}}.',
      },
      de: {
        subject: 'Jemand versucht, Ihre zweistufige Orion-Anmeldung zu umgehen',
        lines: [
          'bis {{attemptedAt}} hat jemand Ihr Passwort richtig eingegeben und danach {{failedAttempts}} falsche Codes oder Schlüssel für den zweiten Schritt angegeben, zuletzt von {{ipAddress}}. Wir weisen sie ab und sperren die Anmeldung, wenn es so weitergeht.',
          'Wenn Sie das nicht waren, kennt jemand Ihr Passwort: Ändern Sie es jetzt.',
        ],
        action: 'Passwort ändern',
        inApp:
          '{{failedAttempts}} falsche Antworten im zweiten Schritt nach Ihrem Passwort, zuletzt von {{ipAddress}}.',
      },
    }),
  ),
];
