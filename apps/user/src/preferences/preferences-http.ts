import { applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ApiInvalid, ApiProblem } from '@orion/core';
import type { FastifyReply } from 'fastify';
import { PreferenceCategoryResponse, PreferencesDto } from './dto/preferences.dto';
import { etagOf } from './if-match';
import {
  PREFERENCE_CATEGORIES,
  PreferenceCategory,
  PreferenceDocuments,
  Preferences,
} from './preferences.types';

/** What the owner's routes and the administrators' routes answer alike. */
export type Reply = FastifyReply;

export const toDocument = (dto: object) => JSON.parse(JSON.stringify(dto)) as Record<string, unknown>;

/** Every category of a PUT of all preferences; a category left out becomes an empty document. */
export const documentsOf = (body: PreferencesDto): PreferenceDocuments =>
  Object.fromEntries(
    PREFERENCE_CATEGORIES.map((category) => [category, toDocument(body[category] ?? {})]),
  ) as PreferenceDocuments;

/** Every write: a body to validate and the version read (If-Match). */
export const ApiPreferencesWrite = () =>
  applyDecorators(
    ApiHeader({ name: 'If-Match', required: true, description: 'The ETag of GET, e.g. "3".' }),
    ApiInvalid('Invalid body; errors lists every field'),
    ApiProblem(400, 'INVALID_IF_MATCH', 'If-Match is not an ETag of GET'),
    ApiProblem(409, 'PREFERENCES_VERSION_CONFLICT', 'Changed since you read them; read again and retry'),
    ApiProblem(428, 'PREFERENCES_VERSION_REQUIRED', 'If-Match is missing'),
  );

export function tagged(reply: Reply, preferences: Preferences): Preferences {
  void reply.header('etag', etagOf(preferences.version));
  return preferences;
}

export function slice(
  reply: Reply,
  preferences: Preferences,
  category: PreferenceCategory,
): PreferenceCategoryResponse {
  tagged(reply, preferences);
  return { category, version: preferences.version, settings: preferences[category] };
}
