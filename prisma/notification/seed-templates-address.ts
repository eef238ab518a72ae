/**
 * Seeded messages about an account's e-mail address: the previous address hears of a change
 * (with the link that undoes it), and the owner of an address hears that another account asked
 * for it. Both in the SECURITY category, which users cannot switch off, and by e-mail only: they
 * go to an address, not to a signed-in user.
 */
import {
  ChannelContent,
  emailHtml,
  SECRET,
  secret,
  secretLink,
  TemplateLocale,
  TemplateSeed,
  variable,
} from './seed-template-format';

/** `action`: the label of the undo link, which the service builds where the content says [[secret]]. */
type Texts = { subject: string; lines: string[]; action?: string };

function email(texts: Record<TemplateLocale, Texts>): TemplateSeed['content'] {
  const content = (locale: TemplateLocale): ChannelContent => {
    const t = texts[locale];
    const hello = locale === 'de' ? 'Hallo,' : 'Hello,';
    const actionLine = t.action ? [`${t.action}: ${SECRET}`] : [];
    return {
      subject: t.subject,
      text: [hello, ...t.lines, ...actionLine].join('\n\n'),
      html: emailHtml(locale, t.subject, [hello, ...t.lines], t.action && secretLink(t.action)),
    };
  };
  return { EMAIL: { en: content('en'), de: content('de') } };
}

const changedAt = variable('date', 'When the change took effect', '2026-01-15T09:30:00Z');

export const ADDRESS_TEMPLATES: readonly TemplateSeed[] = [
  {
    id: '40000000-0000-4000-8000-000000000201',
    versionId: '42000000-0000-4000-8000-000000000201',
    key: 'security.email-changed',
    category: 'SECURITY',
    description: 'Sent to the previous address when a change of address took effect, with the undo link.',
    defaultChannels: ['EMAIL'],
    variables: {
      newEmailMasked: variable('string', 'The new address, mostly hidden', 'm***@example.net'),
      changedAt,
      undoUrl: secret(
        'url',
        'Single-use link that restores this address and signs everyone out',
        'https://app.orion.local/undo-email-change?token=sample',
      ),
      expiresInHours: variable('number', 'Hours the link keeps working', 72),
    },
    content: email({
      en: {
        subject: 'The e-mail address of your Orion account was changed',
        lines: [
          'at {{changedAt}} the address of your Orion account was changed from this one to {{newEmailMasked}}.',
          'If this was not you, use the link below within {{expiresInHours}} hours: it gives the account this address back and signs everyone out. Then choose a new password.',
        ],
        action: 'Undo the change',
      },
      de: {
        subject: 'Die E-Mail-Adresse Ihres Orion-Kontos wurde geändert',
        lines: [
          'am {{changedAt}} wurde die Adresse Ihres Orion-Kontos von dieser auf {{newEmailMasked}} geändert.',
          'Falls Sie das nicht waren, nutzen Sie den Link unten innerhalb von {{expiresInHours}} Stunden: Er gibt dem Konto diese Adresse zurück und meldet alle ab. Wählen Sie danach ein neues Passwort.',
        ],
        action: 'Änderung rückgängig machen',
      },
    }),
  },
  {
    id: '40000000-0000-4000-8000-000000000202',
    versionId: '42000000-0000-4000-8000-000000000202',
    key: 'security.email-in-use',
    category: 'SECURITY',
    description: 'Tells the owner of an address that another account asked to use it.',
    defaultChannels: ['EMAIL'],
    variables: { requestedAt: variable('date', 'When it was asked', '2026-01-15T09:30:00Z') },
    content: email({
      en: {
        subject: 'Your address was entered for another Orion account',
        lines: [
          'at {{requestedAt}} someone signed in to another Orion account asked to change its address to this one. Nothing was changed: this address stays with your account.',
          'If that was you, sign in to the account this address belongs to instead. If not, no action is needed.',
        ],
      },
      de: {
        subject: 'Ihre Adresse wurde für ein anderes Orion-Konto angegeben',
        lines: [
          'am {{requestedAt}} wollte jemand die Adresse eines anderen Orion-Kontos auf diese ändern. Es wurde nichts geändert: Die Adresse bleibt bei Ihrem Konto.',
          'Falls Sie das waren, melden Sie sich stattdessen bei dem Konto an, zu dem diese Adresse gehört. Andernfalls ist nichts zu tun.',
        ],
      },
    }),
  },
];
