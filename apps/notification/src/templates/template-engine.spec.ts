import { firstVersionOf, TEMPLATES } from '../../../../prisma/notification/seed-data';
import { localeChain, pickLocale } from './locale-fallback';
import { contentProblems, placeholdersOf, renderPayload, renderString } from './template-engine';
import type { LocalizedContent, TemplateVariable } from './templates.types';
import { checkVariables, displayValues } from './variable-check';

describe('template engine', () => {
  it('escapes variables in HTML and keeps them verbatim in text', () => {
    const values = { name: '<script>alert("x")</script>' };
    expect(renderString('<p>Hi {{name}}</p>', values, true)).toBe(
      '<p>Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>',
    );
    expect(renderString('Hi {{name}}', values, false)).toBe('Hi <script>alert("x")</script>');
  });

  it('renders the strings of a JSON payload without touching its structure', () => {
    const payload = { text: 'Order {{id}} "{{note}}"', blocks: [{ n: 1, t: '{{id}}' }] };
    expect(renderPayload(payload, { id: 42, note: '"}' })).toEqual({
      text: 'Order 42 ""}"',
      blocks: [{ n: 1, t: '42' }],
    });
  });

  it('finds the root names a template uses, not helpers, loop items or data variables', () => {
    const names = placeholdersOf(
      '{{a}} {{b.c}} {{#if d}}{{e}}{{else}}{{f}}{{/if}} {{#each items}}{{this.x}} {{y}} {{@index}}{{/each}}',
    );
    expect([...names].sort()).toEqual(['a', 'b', 'd', 'e', 'f', 'items']);
  });

  it('reports undeclared placeholders, missing fields and syntax errors with their location', () => {
    const variables: TemplateVariable[] = [{ name: 'name', type: 'string', required: true }];
    const content = {
      en: { EMAIL: { subject: 'Hi {{name}}', text: 'Code {{code}}' }, SMS: { text: '{{#if name}}x' } },
      de: { PUSH: { title: 'Hallo' } },
    } as LocalizedContent;
    const problems = contentProblems(content, variables);
    expect(problems).toEqual(
      expect.arrayContaining([
        { location: 'content.en.EMAIL.text', message: 'uses {{code}}, which is not a declared variable' },
        { location: 'content.de.PUSH.body', message: 'is required for this channel' },
        expect.objectContaining({ location: 'content.en.SMS.text' }),
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  it('refuses a helper that rendering would not know, even when its name is declared', () => {
    const variables: TemplateVariable[] = [
      { name: 'upper', type: 'string', required: true },
      { name: 'name', type: 'string', required: true },
    ];
    const problems = contentProblems({ en: { SMS: { text: '{{upper name}}' } } }, variables);
    expect(problems).toEqual([
      expect.objectContaining({
        location: 'content.en.SMS.text',
        message: expect.stringContaining('not a valid template'),
      }),
    ]);
  });

  it('accepts every seeded template as publishable', () => {
    for (const seed of TEMPLATES) {
      const version = firstVersionOf(seed);
      expect({ key: seed.key, problems: contentProblems(version.content, version.variables) }).toEqual({
        key: seed.key,
        problems: [],
      });
    }
  });
});

describe('locale fallback', () => {
  it('goes from the region to the language to the default', () => {
    expect(localeChain('de-AT', 'en')).toEqual(['de-AT', 'de', 'en']);
    expect(localeChain('EN-us', 'en')).toEqual(['EN-us', 'EN']);
    expect(localeChain(undefined, 'de')).toEqual(['de']);
  });

  it('picks the first locale of the chain that has content, case-insensitively', () => {
    const has = (locale: string) => locale !== 'fr';
    expect(pickLocale(['de-AT', 'de', 'en'], ['en', 'de'], has)).toBe('de');
    expect(pickLocale(['pt-br', 'pt', 'en'], ['en', 'pt-BR'], has)).toBe('pt-BR');
    expect(pickLocale(['fr', 'en'], ['fr', 'en'], has)).toBe('en');
    expect(pickLocale(['fr'], ['en'], has)).toBeUndefined();
  });
});

describe('declared variables', () => {
  const declared: TemplateVariable[] = [
    { name: 'name', type: 'string', required: true },
    { name: 'count', type: 'number', required: true },
    { name: 'vip', type: 'boolean', required: false },
    { name: 'when', type: 'date', required: false },
    { name: 'link', type: 'url', required: true },
  ];

  it('lists every missing or mistyped variable', () => {
    expect(
      checkVariables(declared, { count: '3', vip: 'yes', when: 'tomorrow', link: 'javascript:alert(1)' }),
    ).toEqual([
      { variable: 'name', message: 'is required' },
      { variable: 'count', message: 'must be a number' },
      { variable: 'vip', message: 'must be true or false' },
      { variable: 'when', message: 'must be an ISO 8601 date' },
      { variable: 'link', message: 'must be an absolute http(s) URL' },
    ]);
    expect(checkVariables(declared, { name: 'Ada', count: 3, link: 'https://x.test/a', extra: 1 })).toEqual(
      [],
    );
  });

  it('prints declared dates for the locale, in UTC', () => {
    const when = '2026-01-15T09:30:00Z';
    expect(displayValues(declared, { when }, 'en').when).toBe('January 15, 2026 at 9:30 AM UTC');
    expect(displayValues(declared, { when }, 'de').when).toBe('15. Januar 2026 um 09:30 UTC');
  });
});
