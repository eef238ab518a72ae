import { firstVersionOf, SYSTEM_TEMPLATE_KEYS, TEMPLATES } from '../../../../prisma/notification/seed-data';
import { systemTemplateProblems } from './system-template-checks';
import { SYSTEM_TEMPLATE_RULES } from './system-templates';
import { renderVersion } from './template-renderer.service';
import type {
  LocalizedContent,
  RenderableTemplate,
  TemplateDraft,
  TemplateVariable,
} from './templates.types';

const RESET = SYSTEM_TEMPLATE_RULES['auth.password-reset'];
const resetUrl: TemplateVariable = { name: 'resetUrl', type: 'url', required: true, sensitive: true };
const draft = (text: string, html?: string, variables: TemplateVariable[] = [resetUrl]): TemplateDraft => ({
  variables,
  content: { en: { EMAIL: { subject: 'Reset', text, ...(html !== undefined && { html }) } } },
});
const messages = (d: TemplateDraft) => systemTemplateProblems(RESET, d).map((p) => p.message);

function renderable(
  content: LocalizedContent,
  variables: TemplateVariable[] = [resetUrl],
): RenderableTemplate {
  const now = new Date();
  return {
    template: {
      id: 't',
      key: 'auth.password-reset',
      category: 'AUTHENTICATION',
      description: null,
      defaultLocale: 'en',
      defaultChannels: ['EMAIL'],
      system: true,
      activeVersion: 1,
      draft: null,
      createdAt: now,
      updatedAt: now,
    },
    version: { version: 1, variables, content, restoredFrom: null, publishedById: null, publishedAt: now },
  };
}

describe('system templates', () => {
  it('knows exactly the keys the seed flags as system', () => {
    expect(Object.keys(SYSTEM_TEMPLATE_RULES).sort()).toEqual([...SYSTEM_TEMPLATE_KEYS].sort());
  });

  it('accepts every seeded system template under its rules', () => {
    for (const seed of TEMPLATES.filter((t) => SYSTEM_TEMPLATE_KEYS.includes(t.key))) {
      const version = firstVersionOf(seed);
      const problems = systemTemplateProblems(SYSTEM_TEMPLATE_RULES[seed.key], version as TemplateDraft);
      expect({ key: seed.key, problems }).toEqual({ key: seed.key, problems: [] });
    }
  });

  it('refuses the secret variable in markup in any form', () => {
    for (const form of [
      '{{resetUrl}}',
      '{{{resetUrl}}}',
      '{{@root.resetUrl}}',
      '{{lookup this "resetUrl"}}',
      '{{#with this}}{{resetUrl}}{{/with}}',
    ]) {
      expect(messages(draft(`Go [[secret]] ${form}`))).toContain(
        'must not use resetUrl: the service puts it where [[secret]] stands',
      );
    }
  });

  it('wants the slot exactly once per shown field, and nowhere else', () => {
    expect(messages(draft('no link here'))[0]).toMatch(/exactly once; found 0/);
    expect(messages(draft('[[secret]] and [[secret]]'))[0]).toMatch(/exactly once; found 2/);
    expect(messages(draft('ok [[secret]]', '<p>no link</p>'))[0]).toMatch(/exactly once; found 0/);
    const inSubject = draft('ok [[secret]]');
    inSubject.content.en.EMAIL!.subject = 'Reset [[secret]]';
    expect(messages(inSubject)).toEqual(['must not contain [[secret]]']);
  });

  it('refuses the slot inside a tag, a link, a comment, a block or glued to a URL', () => {
    const html = (body: string) => messages(draft('ok [[secret]]', body));
    expect(html('<a href="https://evil.example/?t=[[secret]]">x</a>')).toEqual(
      expect.arrayContaining(['[[secret]] must not be inside a tag']),
    );
    expect(html('<a href="https://evil.example/"> [[secret]] </a>')).toContain(
      '[[secret]] must not be inside <a>',
    );
    expect(html('<!-- [[secret]] -->')).toContain('[[secret]] must not be inside a comment');
    expect(html('<style> [[secret]] </style>')).toContain('[[secret]] must not be inside <style>');
    expect(messages(draft('{{#if name}} [[secret]] {{/if}}'))).toContain(
      '[[secret]] must not be inside an {{#if}}, {{#each}} or other block',
    );
    expect(messages(draft('https://evil.example/?u=[[secret]]'))).toContain(
      '[[secret]] must stand on its own, not be joined to other text or a URL',
    );
  });

  it('refuses a secret variable that is no longer sensitive, required, declared or of its type', () => {
    expect(messages(draft('ok [[secret]]', undefined, [{ ...resetUrl, sensitive: false }]))).toEqual([
      'must stay sensitive: it is a secret',
    ]);
    expect(messages(draft('ok [[secret]]', undefined, [{ ...resetUrl, type: 'string' }]))).toEqual([
      'must stay of type url',
    ]);
    expect(messages(draft('ok [[secret]]', undefined, []))).toEqual([
      'must stay declared: it carries the secret',
    ]);
  });

  it('renders the service-built link in the slot, escaped, and never gives the secret to the markup', () => {
    const url = 'https://app.orion.test/reset?token=a"b<c';
    const rendered = renderVersion(
      renderable({
        en: {
          EMAIL: {
            subject: 'Reset {{resetUrl}}',
            text: 'Go to [[secret]] now',
            html: '<p>[[secret|Choose & go]]</p><a href="{{resetUrl}}">x</a>',
          },
        },
      }),
      'EMAIL',
      'en',
      { resetUrl: url },
    );
    expect(rendered.text).toBe(`Go to ${url} now`);
    expect(rendered.subject).toBe('Reset ');
    expect(rendered.html).toContain('href="https://app.orion.test/reset?token=a&quot;b&lt;c"');
    expect(rendered.html).toContain('>Choose &amp; go</a></p><a href="">x</a>');
    expect(rendered.sensitiveVariables).toEqual(['resetUrl']);
  });

  it('appends the link to a version from before slots, which printed the variable itself', () => {
    const rendered = renderVersion(
      renderable({ en: { EMAIL: { subject: 'Reset', text: 'Go to {{resetUrl}}', html: '<body>x</body>' } } }),
      'EMAIL',
      'en',
      { resetUrl: 'https://app.orion.test/reset?token=t' },
    );
    expect(rendered.text).toBe('Go to \n\nhttps://app.orion.test/reset?token=t');
    expect(rendered.html).toMatch(/^<body>x<p><a href="https:\/\/app\.orion\.test\/reset\?token=t"/);
  });
});
