import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { NOTIFICATION_CHANNELS } from '@orion/contracts';
import { CHANNEL_FIELDS } from '../template-engine';
import type { ChannelContent } from '../templates.types';

const FIELD_SCHEMAS: Record<keyof ChannelContent, SchemaObject> = {
  subject: { type: 'string', description: 'Template of the subject line' },
  text: { type: 'string', description: 'Template of the plain text' },
  html: { type: 'string', description: 'Template of the HTML part; variables are escaped' },
  title: { type: 'string', description: 'Template of the title' },
  body: { type: 'string', description: 'Template of the body' },
  payload: {
    type: 'object',
    additionalProperties: true,
    description: 'A JSON document whose strings are templates',
  },
};

/**
 * The fields of each channel, from the same table publishing checks against, so the documents
 * cannot name a field the check refuses. Nothing is required or closed here: drafts are edited
 * freely and checked when published.
 */
function channelSchema(channel: (typeof NOTIFICATION_CHANNELS)[number]): SchemaObject {
  const { required, optional } = CHANNEL_FIELDS[channel];
  return {
    type: 'object',
    description: `${channel} content; publishing requires ${required.join(' and ')}`,
    properties: Object.fromEntries([...required, ...optional].map((field) => [field, FIELD_SCHEMAS[field]])),
  };
}

/** locale → channel → fields: `@ApiProperty({ ...LOCALIZED_CONTENT_SCHEMA })`. */
export const LOCALIZED_CONTENT_SCHEMA = {
  type: 'object',
  description:
    'locale → channel → fields. EMAIL: subject, text, html; SMS: text; PUSH and IN_APP: title, body; ' +
    'SLACK, DISCORD, WEBHOOK: payload (JSON whose strings are templates). Checked when published.',
  additionalProperties: {
    type: 'object',
    description: 'channel → fields, in one locale',
    properties: Object.fromEntries(NOTIFICATION_CHANNELS.map((channel) => [channel, channelSchema(channel)])),
  },
} as const satisfies SchemaObject;

/** Any JSON value: a variable's sample is stored as given, whatever its declared type. */
export const ANY_JSON_SCHEMA = {
  anyOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'object', additionalProperties: true },
    { type: 'array', items: {} },
  ],
} as const satisfies SchemaObject;
