import { firstVersionOf, TEMPLATES } from '../../../../prisma/notification/seed-data';
import { welcome } from '../triggers/event-notifications';
import { renderVersion } from './template-renderer.service';
import type { LocalizedContent, RenderableTemplate, TemplateVariable } from './templates.types';
import type { Channel } from '../notifications/notifications.types';

/** The seeded welcome, as the service renders it for a new account. */
const seed = TEMPLATES.find((t) => t.key === 'account.welcome')!;
const version = firstVersionOf(seed);
const now = new Date();
const welcomeTemplate: RenderableTemplate = {
  template: {
    id: seed.id,
    key: seed.key,
    category: seed.category,
    description: seed.description,
    defaultLocale: 'en',
    defaultChannels: [...seed.defaultChannels],
    system: false,
    activeVersion: 1,
    draft: null,
    createdAt: now,
    updatedAt: now,
  },
  version: {
    version: 1,
    variables: version.variables as TemplateVariable[],
    content: version.content as LocalizedContent,
    restoredFrom: null,
    publishedById: null,
    publishedAt: now,
  },
};

const trigger = { eventId: 'e1', links: { appUrl: 'https://app.orion.test' } } as Parameters<
  typeof welcome
>[1];
const event = (emailVerified?: boolean) => ({
  userId: '00000000-0000-4000-8000-000000000001',
  email: 'ada@example.com',
  displayName: 'Ada',
  occurredAt: now.toISOString(),
  ...(emailVerified !== undefined && { emailVerified }),
});

/** Every text a recipient sees on the channel, in the locale, for the welcome of this event. */
function seen(channel: Channel, locale: string, emailVerified?: boolean): string {
  const { variables } = welcome(event(emailVerified), trigger);
  const rendered = renderVersion(welcomeTemplate, channel, locale, variables ?? {});
  return [rendered.subject, rendered.title, rendered.text, rendered.html].filter(Boolean).join('\n');
}

describe('the welcome message', () => {
  it.each(['EMAIL', 'IN_APP'] as const)(
    'on %s asks to verify the address, and does not call the account ready, until it is verified',
    (channel) => {
      for (const emailVerified of [false, undefined]) {
        const english = seen(channel, 'en', emailVerified);
        expect(english).toMatch(
          /verify your e-mail address to finish setting up|to finish setting up your account, verify your e-mail address/i,
        );
        expect(english).not.toMatch(/ready/i);
        const german = seen(channel, 'de', emailVerified);
        expect(german).toMatch(/bestätigen Sie Ihre E-Mail-Adresse/i);
        expect(german).not.toMatch(/eingerichtet\./);
      }
    },
  );

  it('calls the account ready when the address was verified at creation', () => {
    expect(seen('EMAIL', 'en', true)).toContain('your Orion account is ready');
    expect(seen('EMAIL', 'en', true)).not.toMatch(/verify/i);
    expect(seen('IN_APP', 'de', true)).toContain('Ihr Konto ist eingerichtet');
  });
});
