import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, CurrentUser, Principal, RequirePermission, UserPrincipal } from '@orion/security';
import { PaginationQueryDto } from '../audit/dto/pagination-query.dto';
import { ProblemDto } from '../audit/dto/problem.dto';
import {
  EndedSessionsDto,
  SessionPageDto,
  SessionParamsDto,
  UserParamsDto,
  UserSessionParamsDto,
} from './dto/session.dto';
import { toSessionDto } from './session-view';
import { END_REASON, SessionsService } from './sessions.service';

const Unauthenticated = () =>
  ApiResponse({ status: 401, description: 'No valid access token.', type: ProblemDto });
const Invalid = () =>
  ApiResponse({ status: 400, description: 'VALIDATION_FAILED, INVALID_CURSOR.', type: ProblemDto });
const NotFound = () => ApiResponse({ status: 404, description: 'SESSION_NOT_FOUND.', type: ProblemDto });
const Denied = () => ApiResponse({ status: 403, description: 'PERMISSION_DENIED.', type: ProblemDto });

/** The caller's own signed-in devices: no permission needed beyond being signed in. */
@ApiTags('sessions')
@Controller('users/me/sessions')
export class MySessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @ApiOperation({ summary: 'List my active sessions (signed-in devices)' })
  @ApiOkResponse({ type: SessionPageDto })
  @Invalid()
  @Unauthenticated()
  async list(@CurrentUser() me: UserPrincipal, @Query() page: PaginationQueryDto): Promise<SessionPageDto> {
    const result = await this.sessions.list(me.userId, me, page.limit, page.cursor);
    return { items: result.items.map(toSessionDto), nextCursor: result.nextCursor };
  }

  @Delete()
  @ApiOperation({ summary: 'Sign out everywhere else: end all my sessions except this one' })
  @ApiOkResponse({ type: EndedSessionsDto })
  @Unauthenticated()
  async endOthers(@CurrentUser() me: UserPrincipal): Promise<EndedSessionsDto> {
    return { ended: await this.sessions.endAll(me.userId, me, END_REASON.byUser) };
  }

  @Delete(':sessionId')
  @HttpCode(204)
  @ApiOperation({ summary: 'End one of my sessions' })
  @ApiNoContentResponse({ description: 'Ended; its tokens are revoked by the auth service.' })
  @Invalid()
  @Unauthenticated()
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
  @Invalid()
  @Unauthenticated()
  @Denied()
  async list(
    @CurrentPrincipal() caller: Principal,
    @Param() params: UserParamsDto,
    @Query() page: PaginationQueryDto,
  ): Promise<SessionPageDto> {
    const result = await this.sessions.list(params.userId, caller, page.limit, page.cursor);
    return { items: result.items.map(toSessionDto), nextCursor: result.nextCursor };
  }

  @Delete()
  @RequirePermission('sessions:revoke')
  @ApiOperation({ summary: "End all of a user's sessions" })
  @ApiOkResponse({ type: EndedSessionsDto })
  @Invalid()
  @Unauthenticated()
  @Denied()
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
  @ApiNoContentResponse({ description: 'Ended; its tokens are revoked by the auth service.' })
  @Invalid()
  @Unauthenticated()
  @Denied()
  @NotFound()
  async endOne(@CurrentPrincipal() caller: Principal, @Param() params: UserSessionParamsDto): Promise<void> {
    await this.sessions.endOne(params.userId, params.sessionId, caller, END_REASON.byAdmin);
  }
}
