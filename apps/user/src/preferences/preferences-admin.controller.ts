import { applyDecorators, Body, Controller, Get, Headers, Param, Put, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiInvalid, ApiPermissionRequired, ApiProblem } from '@orion/core';
import { CurrentPrincipal, Principal } from '@orion/security';
import { UserIdParam } from '../users/dto/user-id.param';
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
  PreferenceCategoryResponse,
  PreferencesDto,
  PreferencesResponse,
  UserPreferenceCategoryParam,
} from './dto/preferences.dto';
import { versionFromIfMatch } from './if-match';
import { ApiPreferencesWrite, documentsOf, Reply, slice, tagged, toDocument } from './preferences-http';
import { PreferencesService } from './preferences.service';
import { PreferenceCategory, Preferences } from './preferences.types';

const HIDDEN = 'No such user, deleted or erased, or the caller lacks users:read';
const Readable = () =>
  applyDecorators(ApiInvalid('userId is not a UUID'), ApiProblem(404, 'USER_NOT_FOUND', HIDDEN));
const Writable = () =>
  applyDecorators(
    ApiPreferencesWrite(),
    ApiPermissionRequired('users:update'),
    ApiProblem(404, 'USER_NOT_FOUND', HIDDEN),
  );
const CHANGED_BY =
  'Validated, versioned (If-Match), announced and audited as the owner’s own change, with the caller as actor.';

/**
 * Another user's preferences, for administrators: users:read to read them, users:update as well
 * to write them. The rules are the owner's (PreferencesService).
 */
@ApiTags('preferences')
@Controller('users/:userId/preferences')
export class PreferencesAdminController {
  constructor(private readonly preferences: PreferencesService) {}

  @Get()
  @ApiOperation({
    summary: "All of a user's preferences",
    description: 'The ETag header carries the version.',
  })
  @ApiOkResponse({ type: PreferencesResponse })
  @Readable()
  async all(
    @CurrentPrincipal() caller: Principal,
    @Param() { userId }: UserIdParam,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<Preferences> {
    return tagged(reply, await this.preferences.get(userId, caller));
  }

  @Put()
  @ApiOperation({
    summary: "Replace all of a user's preferences",
    description: `A category left out is reset. ${CHANGED_BY}`,
  })
  @ApiOkResponse({ type: PreferencesResponse })
  @Writable()
  async replaceAll(
    @CurrentPrincipal() caller: Principal,
    @Param() { userId }: UserIdParam,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: PreferencesDto,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<Preferences> {
    const version = versionFromIfMatch(ifMatch);
    return tagged(reply, await this.preferences.replace(userId, version, documentsOf(body), caller));
  }

  @Get(':category')
  @ApiOperation({ summary: "One category of a user's preferences" })
  @ApiOkResponse({ type: PreferenceCategoryResponse })
  @Readable()
  async one(
    @CurrentPrincipal() caller: Principal,
    @Param() { userId, category }: UserPreferenceCategoryParam,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<PreferenceCategoryResponse> {
    return slice(reply, await this.preferences.get(userId, caller), category);
  }

  @Put('notifications')
  @ApiOperation({ summary: "Replace a user's notification preferences", description: CHANGED_BY })
  @ApiOkResponse({ type: PreferenceCategoryResponse })
  @Writable()
  notifications(
    @CurrentPrincipal() c: Principal,
    @Param() { userId }: UserIdParam,
    @Headers('if-match') v: string | undefined,
    @Body() body: NotificationPreferencesDto,
    @Res({ passthrough: true }) r: Reply,
  ) {
    return this.replaceOne(c, userId, v, 'notifications', body, r);
  }

  @Put('privacy')
  @ApiOperation({ summary: "Replace a user's privacy preferences", description: CHANGED_BY })
  @ApiOkResponse({ type: PreferenceCategoryResponse })
  @Writable()
  privacy(
    @CurrentPrincipal() c: Principal,
    @Param() { userId }: UserIdParam,
    @Headers('if-match') v: string | undefined,
    @Body() body: PrivacyPreferencesDto,
    @Res({ passthrough: true }) r: Reply,
  ) {
    return this.replaceOne(c, userId, v, 'privacy', body, r);
  }

  @Put('display')
  @ApiOperation({ summary: "Replace a user's display preferences", description: CHANGED_BY })
  @ApiOkResponse({ type: PreferenceCategoryResponse })
  @Writable()
  display(
    @CurrentPrincipal() c: Principal,
    @Param() { userId }: UserIdParam,
    @Headers('if-match') v: string | undefined,
    @Body() body: DisplayPreferencesDto,
    @Res({ passthrough: true }) r: Reply,
  ) {
    return this.replaceOne(c, userId, v, 'display', body, r);
  }

  @Put('accessibility')
  @ApiOperation({ summary: "Replace a user's accessibility preferences", description: CHANGED_BY })
  @ApiOkResponse({ type: PreferenceCategoryResponse })
  @Writable()
  accessibility(
    @CurrentPrincipal() c: Principal,
    @Param() { userId }: UserIdParam,
    @Headers('if-match') v: string | undefined,
    @Body() body: AccessibilityPreferencesDto,
    @Res({ passthrough: true }) r: Reply,
  ) {
    return this.replaceOne(c, userId, v, 'accessibility', body, r);
  }

  @Put('communication')
  @ApiOperation({ summary: "Replace a user's communication preferences", description: CHANGED_BY })
  @ApiOkResponse({ type: PreferenceCategoryResponse })
  @Writable()
  communication(
    @CurrentPrincipal() c: Principal,
    @Param() { userId }: UserIdParam,
    @Headers('if-match') v: string | undefined,
    @Body() body: CommunicationPreferencesDto,
    @Res({ passthrough: true }) r: Reply,
  ) {
    return this.replaceOne(c, userId, v, 'communication', body, r);
  }

  @Put('security')
  @ApiOperation({ summary: "Replace a user's security preferences", description: CHANGED_BY })
  @ApiOkResponse({ type: PreferenceCategoryResponse })
  @Writable()
  security(
    @CurrentPrincipal() c: Principal,
    @Param() { userId }: UserIdParam,
    @Headers('if-match') v: string | undefined,
    @Body() body: SecurityPreferencesDto,
    @Res({ passthrough: true }) r: Reply,
  ) {
    return this.replaceOne(c, userId, v, 'security', body, r);
  }

  @Put('localization')
  @ApiOperation({ summary: "Replace a user's localization preferences", description: CHANGED_BY })
  @ApiOkResponse({ type: PreferenceCategoryResponse })
  @Writable()
  localization(
    @CurrentPrincipal() c: Principal,
    @Param() { userId }: UserIdParam,
    @Headers('if-match') v: string | undefined,
    @Body() body: LocalizationPreferencesDto,
    @Res({ passthrough: true }) r: Reply,
  ) {
    return this.replaceOne(c, userId, v, 'localization', body, r);
  }

  private async replaceOne(
    caller: Principal,
    userId: string,
    ifMatch: string | undefined,
    category: PreferenceCategory,
    body: object,
    reply: Reply,
  ): Promise<PreferenceCategoryResponse> {
    const version = versionFromIfMatch(ifMatch);
    const updated = await this.preferences.replace(userId, version, { [category]: toDocument(body) }, caller);
    return slice(reply, updated, category);
  }
}
