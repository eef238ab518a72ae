import { ConfigurationError } from '@orion/core';
import { loadTemplatesConfig } from './templates.config';

describe('templates config', () => {
  it('allows the front end origin by default, and the listed origins as well', () => {
    expect(loadTemplatesConfig({}).linkOrigins).toEqual(['http://localhost:3000']);
    expect(
      loadTemplatesConfig({
        NOTIFICATION_APP_URL: 'https://app.example.com/base/',
        SYSTEM_TEMPLATE_LINK_ORIGINS: 'https://id.example.com, https://app.example.com',
      }).linkOrigins,
    ).toEqual(['https://app.example.com', 'https://id.example.com']);
  });

  it('stops the boot on a link origin that is not an http(s) URL', () => {
    expect(() => loadTemplatesConfig({ SYSTEM_TEMPLATE_LINK_ORIGINS: 'javascript:alert(1)' })).toThrow(
      ConfigurationError,
    );
    expect(() => loadTemplatesConfig({ SYSTEM_TEMPLATE_LINK_ORIGINS: 'not a url' })).toThrow(
      ConfigurationError,
    );
  });
});
