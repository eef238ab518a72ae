import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblem, PageQueryDto } from '@orion/core';
import { CurrentUser, RequirePermission, UserPrincipal } from '@orion/security';
import {
  AdminSignInAttemptPageDto,
  AdminSignInAttemptQueryDto,
  SignInAttemptPageDto,
  toAdminSignInAttemptDto,
  toSignInAttemptDto,
} from './dto/sign-in-attempt.dto';
import { SignInAttemptsService } from './sign-in-attempts.service';

@ApiTags('authentication')
@Controller()
export class SignInAttemptsController {
  constructor(private readonly attempts: SignInAttemptsService) {}

  @Get('auth/sign-in-attempts')
  @ApiOperation({
    summary: 'Sign-in attempts on the caller’s account, newest first, with their risk score and reasons',
  })
  @ApiOkResponse({ type: SignInAttemptPageDto })
  @ApiProblem(400, 'INVALID_CURSOR', 'A cursor this list did not hand out')
  async own(@CurrentUser() user: UserPrincipal, @Query() query: PageQueryDto): Promise<SignInAttemptPageDto> {
    const page = await this.attempts.page({ userId: user.userId }, query.limit, query.cursor);
    return { items: page.items.map(toSignInAttemptDto), nextCursor: page.nextCursor };
  }

  @Get('admin/sign-in-attempts')
  @RequirePermission('audit:read')
  @ApiOperation({ summary: 'Every sign-in attempt, optionally of one user, newest first' })
  @ApiOkResponse({ type: AdminSignInAttemptPageDto })
  @ApiProblem(400, 'INVALID_CURSOR', 'A cursor this list did not hand out')
  async all(@Query() query: AdminSignInAttemptQueryDto): Promise<AdminSignInAttemptPageDto> {
    const page = await this.attempts.page({ userId: query.userId }, query.limit, query.cursor);
    return { items: page.items.map(toAdminSignInAttemptDto), nextCursor: page.nextCursor };
  }
}
