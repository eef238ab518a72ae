import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblem } from '@orion/core';
import { CurrentUser, RequirePermission, UserPrincipal } from '@orion/security';
import {
  AdminSecurityEventQueryDto,
  OwnSecurityEventQueryDto,
  SecurityEventPageDto,
  toSecurityEventDto,
} from './dto/security-event.dto';
import { SecurityEventsService } from './security-events.service';

@ApiTags('security-events')
@Controller()
export class SecurityEventsController {
  constructor(private readonly securityEvents: SecurityEventsService) {}

  @Get('security-events')
  @ApiOperation({
    summary: 'The caller’s security events (new devices, lockouts, blocked sign-ins…), newest first',
  })
  @ApiOkResponse({ type: SecurityEventPageDto })
  @ApiProblem(400, 'INVALID_CURSOR', 'A cursor this list did not hand out')
  async own(
    @CurrentUser() user: UserPrincipal,
    @Query() query: OwnSecurityEventQueryDto,
  ): Promise<SecurityEventPageDto> {
    const page = await this.securityEvents.page({ userId: user.userId }, query);
    return { items: page.items.map(toSecurityEventDto), nextCursor: page.nextCursor };
  }

  @Get('admin/security-events')
  @RequirePermission('audit:read')
  @ApiOperation({ summary: 'Every security event, filtered by user and type, newest first' })
  @ApiOkResponse({ type: SecurityEventPageDto })
  @ApiProblem(400, 'INVALID_CURSOR', 'A cursor this list did not hand out')
  async all(@Query() query: AdminSecurityEventQueryDto): Promise<SecurityEventPageDto> {
    const { limit, cursor, userId, type } = query;
    const page = await this.securityEvents.page({ userId, type }, { limit, cursor });
    return { items: page.items.map(toSecurityEventDto), nextCursor: page.nextCursor };
  }
}
