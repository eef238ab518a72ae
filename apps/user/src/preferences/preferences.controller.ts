import { applyDecorators, Body, Controller, Get, Headers, Param, Put, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiInvalid, ApiProblem } from '@orion/core';
import { CurrentUser, UserPrincipal } from '@orion/security';
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
import { versionFromIfMatch } from './if-match';
import { ApiPreferencesWrite, documentsOf, Reply, slice, tagged, toDocument } from './preferences-http';
import { PreferencesService } from './preferences.service';
import { PreferenceCategory, Preferences } from './preferences.types';

const Readable = () => ApiProblem(404, 'USER_NOT_FOUND', 'Your account is deleted or erased');
const Writable = () => applyDecorators(ApiPreferencesWrite(), Readable());

/** The caller's own preferences; ownership decides, no permission needed. */
@ApiTags('preferences')
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
    return tagged(reply, await this.preferences.get(caller.userId, caller));
  }

  @Put()
  @ApiOperation({ summary: 'Replace all your preferences', description: 'A category left out is reset.' })
  @ApiOkResponse({ type: PreferencesResponse })
  @Writable()
  async replaceAll(
    @CurrentUser() caller: UserPrincipal,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: PreferencesDto,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<Preferences> {
    const version = versionFromIfMatch(ifMatch);
    return tagged(reply, await this.preferences.replace(caller.userId, version, documentsOf(body), caller));
  }

  @Get(':category')
  @ApiOperation({ summary: 'One category of your preferences' })
  @ApiOkResponse({ type: PreferenceCategoryResponse })
  @ApiInvalid('Unknown category')
  @Readable()
  async one(
    @CurrentUser() caller: UserPrincipal,
    @Param() { category }: PreferenceCategoryParam,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<PreferenceCategoryResponse> {
    return slice(reply, await this.preferences.get(caller.userId, caller), category);
  }

  @Put('notifications')
  @ApiOperation({
    summary: 'Replace your notification preferences',
    description: 'Per category: channels and frequency; quiet hours.',
  })
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
