import { applyDecorators, Body, Controller, Get, Headers, Param, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiGuarded, ApiProblem } from '@orion/core';
import { CurrentUser, UserPrincipal } from '@orion/security';
import type { FastifyReply } from 'fastify';
import {
  AccessibilityPreferencesDto,
  CommunicationPreferencesDto,
  DisplayPreferencesDto,
  LocalizationPreferencesDto,
  PrivacyPreferencesDto,
  SecurityPreferencesDto,
} from './dto/category-preferences.dto';
import { NotificationPreferencesDto } from './dto/notification-preferences.dto';
import {
  PreferenceCategoryParam,
  PreferenceCategoryResponse,
  PreferencesDto,
  PreferencesResponse,
} from './dto/preferences.dto';
import { etagOf, versionFromIfMatch } from './if-match';
import { PreferencesService } from './preferences.service';
import { PREFERENCE_CATEGORIES, PreferenceCategory, Preferences } from './preferences.types';

type Reply = FastifyReply;
const toDocument = (dto: object) => JSON.parse(JSON.stringify(dto)) as Record<string, unknown>;
const IF_MATCH = { name: 'If-Match', required: true, description: 'The ETag of GET, e.g. "3".' };

const Readable = () =>
  applyDecorators(ApiGuarded(), ApiProblem(404, 'USER_NOT_FOUND', 'Your account is deleted or erased'));
/** Every write: a body to validate and the version read (If-Match). */
const Writable = () =>
  applyDecorators(
    ApiProblem(400, 'VALIDATION_FAILED', 'Invalid body; errors lists every field'),
    ApiProblem(400, 'INVALID_IF_MATCH', 'If-Match is not an ETag of GET'),
    Readable(),
    ApiProblem(409, 'PREFERENCES_VERSION_CONFLICT', 'Changed since you read them; read again and retry'),
    ApiProblem(428, 'PREFERENCES_VERSION_REQUIRED', 'If-Match is missing'),
  );

/** The caller's own preferences; ownership decides, no permission needed. */
@ApiTags('preferences')
@ApiBearerAuth()
@Controller('users/me/preferences')
export class PreferencesController {
  constructor(private readonly preferences: PreferencesService) {}

  @Get()
  @ApiOperation({ summary: 'All your preferences', description: 'The ETag header carries the version.' })
  @ApiOkResponse({ type: PreferencesResponse })
  @Readable()
  async all(
    @CurrentUser() caller: UserPrincipal,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<Preferences> {
    return tagged(reply, await this.preferences.get(caller.userId));
  }

  @Put()
  @ApiOperation({ summary: 'Replace all your preferences', description: 'A category left out is reset.' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: PreferencesResponse })
  @Writable()
  async replaceAll(
    @CurrentUser() caller: UserPrincipal,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: PreferencesDto,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<Preferences> {
    const documents = Object.fromEntries(
      PREFERENCE_CATEGORIES.map((category) => [category, toDocument(body[category] ?? {})]),
    );
    const version = versionFromIfMatch(ifMatch);
    return tagged(reply, await this.preferences.replace(caller.userId, version, documents, caller));
  }

  @Get(':category')
  @ApiOperation({ summary: 'One category of your preferences' })
  @ApiOkResponse({ type: PreferenceCategoryResponse })
  @ApiProblem(400, 'VALIDATION_FAILED', 'Unknown category')
  @Readable()
  async one(
    @CurrentUser() caller: UserPrincipal,
    @Param() { category }: PreferenceCategoryParam,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<PreferenceCategoryResponse> {
    return slice(reply, await this.preferences.get(caller.userId), category);
  }

  @Put('notifications')
  @ApiOperation({
    summary: 'Replace your notification preferences',
    description: 'Per category: channels and frequency; quiet hours.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: PreferenceCategoryResponse })
  @Writable()
  notifications(
    @CurrentUser() c: UserPrincipal,
    @Headers('if-match') v: string | undefined,
    @Body() body: NotificationPreferencesDto,
    @Res({ passthrough: true }) r: Reply,
  ) {
    return this.replaceOne(c, v, 'notifications', body, r);
  }

  @Put('privacy')
  @ApiOperation({ summary: 'Replace your privacy preferences' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: PreferenceCategoryResponse })
  @Writable()
  privacy(
    @CurrentUser() c: UserPrincipal,
    @Headers('if-match') v: string | undefined,
    @Body() body: PrivacyPreferencesDto,
    @Res({ passthrough: true }) r: Reply,
  ) {
    return this.replaceOne(c, v, 'privacy', body, r);
  }

  @Put('display')
  @ApiOperation({ summary: 'Replace your display preferences' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: PreferenceCategoryResponse })
  @Writable()
  display(
    @CurrentUser() c: UserPrincipal,
    @Headers('if-match') v: string | undefined,
    @Body() body: DisplayPreferencesDto,
    @Res({ passthrough: true }) r: Reply,
  ) {
    return this.replaceOne(c, v, 'display', body, r);
  }

  @Put('accessibility')
  @ApiOperation({ summary: 'Replace your accessibility preferences' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: PreferenceCategoryResponse })
  @Writable()
  accessibility(
    @CurrentUser() c: UserPrincipal,
    @Headers('if-match') v: string | undefined,
    @Body() body: AccessibilityPreferencesDto,
    @Res({ passthrough: true }) r: Reply,
  ) {
    return this.replaceOne(c, v, 'accessibility', body, r);
  }

  @Put('communication')
  @ApiOperation({ summary: 'Replace your communication preferences' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: PreferenceCategoryResponse })
  @Writable()
  communication(
    @CurrentUser() c: UserPrincipal,
    @Headers('if-match') v: string | undefined,
    @Body() body: CommunicationPreferencesDto,
    @Res({ passthrough: true }) r: Reply,
  ) {
    return this.replaceOne(c, v, 'communication', body, r);
  }

  @Put('security')
  @ApiOperation({ summary: 'Replace your security preferences' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: PreferenceCategoryResponse })
  @Writable()
  security(
    @CurrentUser() c: UserPrincipal,
    @Headers('if-match') v: string | undefined,
    @Body() body: SecurityPreferencesDto,
    @Res({ passthrough: true }) r: Reply,
  ) {
    return this.replaceOne(c, v, 'security', body, r);
  }

  @Put('localization')
  @ApiOperation({ summary: 'Replace your localization preferences' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: PreferenceCategoryResponse })
  @Writable()
  localization(
    @CurrentUser() c: UserPrincipal,
    @Headers('if-match') v: string | undefined,
    @Body() body: LocalizationPreferencesDto,
    @Res({ passthrough: true }) r: Reply,
  ) {
    return this.replaceOne(c, v, 'localization', body, r);
  }

  private async replaceOne(
    caller: UserPrincipal,
    ifMatch: string | undefined,
    category: PreferenceCategory,
    body: object,
    reply: Reply,
  ): Promise<PreferenceCategoryResponse> {
    const version = versionFromIfMatch(ifMatch);
    const updated = await this.preferences.replace(
      caller.userId,
      version,
      { [category]: toDocument(body) },
      caller,
    );
    return slice(reply, updated, category);
  }
}

function tagged(reply: Reply, preferences: Preferences): Preferences {
  void reply.header('etag', etagOf(preferences.version));
  return preferences;
}

function slice(
  reply: Reply,
  preferences: Preferences,
  category: PreferenceCategory,
): PreferenceCategoryResponse {
  tagged(reply, preferences);
  return { category, version: preferences.version, settings: preferences[category] };
}
