import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiInvalid, ApiProblem, PageQueryDto } from '@orion/core';
import { CurrentPrincipal, CurrentUser, Principal, RequirePermission, UserPrincipal } from '@orion/security';
import {
  EndedSessionsDto,
  SessionPageDto,
  SessionParamsDto,
  UserParamsDto,
  toSessionDto,
  UserSessionParamsDto,
} from './dto/session.dto';
import { END_REASON, SessionsService } from './sessions.service';

const BadCursor = () => ApiProblem(400, 'INVALID_CURSOR', 'A cursor this list did not hand out');
const NotFound = () => ApiProblem(404, 'SESSION_NOT_FOUND', 'No such active session');
const Outranked = () =>
  ApiProblem(403, 'TARGET_OUTRANKS_ACTOR', 'The user holds a permission the caller does not hold');

/** The caller's own signed-in devices: no permission needed beyond being signed in. */
@ApiTags('sessions')
@Controller('users/me/sessions')
export class MySessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @ApiOperation({ summary: 'List my active sessions (signed-in devices)' })
  @ApiOkResponse({ type: SessionPageDto })
  @ApiInvalid()
  @BadCursor()
  async list(@CurrentUser() me: UserPrincipal, @Query() page: PageQueryDto): Promise<SessionPageDto> {
    const result = await this.sessions.list(me.userId, me, page.limit, page.cursor);
    return { items: result.items.map(toSessionDto), nextCursor: result.nextCursor };
  }

  @Delete()
  @ApiOperation({ summary: 'Sign out everywhere else: end all my sessions except this one' })
  @ApiOkResponse({ type: EndedSessionsDto })
  async endOthers(@CurrentUser() me: UserPrincipal): Promise<EndedSessionsDto> {
    return { ended: await this.sessions.endAll(me.userId, me, END_REASON.byUser) };
  }

  @Delete(':sessionId')
  @HttpCode(204)
  @ApiOperation({ summary: 'End one of my sessions' })
  @ApiNoContentResponse({ description: 'Ended; its tokens are revoked by the auth service.' })
  @ApiInvalid()
  @NotFound()
  async endOne(@CurrentUser() me: UserPrincipal, @Param() params: SessionParamsDto): Promise<void> {
    await this.sessions.endOne(me.userId, params.sessionId, me, END_REASON.byUser);
  }
}

/** Any user's sessions, for support staff and administrators. */
@ApiTags('sessions')
@Controller('users/:userId/sessions')
export class UserSessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @RequirePermission('sessions:read')
  @ApiOperation({ summary: "List a user's active sessions" })
  @ApiOkResponse({ type: SessionPageDto })
  @ApiInvalid()
  @BadCursor()
  async list(
    @CurrentPrincipal() caller: Principal,
    @Param() params: UserParamsDto,
    @Query() page: PageQueryDto,
  ): Promise<SessionPageDto> {
    const result = await this.sessions.list(params.userId, caller, page.limit, page.cursor);
    return { items: result.items.map(toSessionDto), nextCursor: result.nextCursor };
  }

  @Delete()
  @RequirePermission('sessions:revoke')
  @ApiOperation({ summary: "End all of a user's sessions" })
  @Outranked()
  @ApiOkResponse({ type: EndedSessionsDto })
  @ApiInvalid()
  async endAll(
    @CurrentPrincipal() caller: Principal,
    @Param() params: UserParamsDto,
  ): Promise<EndedSessionsDto> {
    return { ended: await this.sessions.endAll(params.userId, caller, END_REASON.byAdmin) };
  }

  @Delete(':sessionId')
  @HttpCode(204)
  @RequirePermission('sessions:revoke')
  @ApiOperation({ summary: "End one of a user's sessions" })
  @Outranked()
  @ApiNoContentResponse({ description: 'Ended; its tokens are revoked by the auth service.' })
  @ApiInvalid()
  @NotFound()
  async endOne(@CurrentPrincipal() caller: Principal, @Param() params: UserSessionParamsDto): Promise<void> {
    await this.sessions.endOne(params.userId, params.sessionId, caller, END_REASON.byAdmin);
  }
}
