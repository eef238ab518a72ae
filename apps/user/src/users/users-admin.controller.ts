import {
  applyDecorators,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiInvalid, ApiPermissionRequired, ApiProblem } from '@orion/core';
import { CurrentPrincipal, Principal, RequirePermission } from '@orion/security';
import { CreateUserDto } from './dto/create-user.dto';
import { EraseUserDto } from './dto/erase-user.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { UpdateStatusDto } from './dto/update-status.dto';
import { UserIdParam } from './dto/user-id.param';
import { toUserPageResponse, toUserResponse, UserPageResponse, UserResponse } from './dto/user.response';
import { UserLifecycleService } from './user-lifecycle.service';
import { UsersService } from './users.service';

/** A route acting on one account: it may be unknown or erased. */
const OnAccount = (permission: string) =>
  applyDecorators(
    ApiInvalid(),
    ApiPermissionRequired(permission),
    ApiProblem(404, 'USER_NOT_FOUND', 'No such user'),
    ApiProblem(410, 'USER_ERASED', 'The account was erased'),
  );

const NotSelf = () => ApiProblem(403, 'CANNOT_TARGET_SELF', 'Not on your own account');
const Outranked = () =>
  ApiProblem(403, 'TARGET_OUTRANKS_ACTOR', 'The account holds a permission the caller does not hold');
const Deleted = () => ApiProblem(409, 'USER_DELETED', 'The account is deleted; restore it first');

/** Other people's accounts, for administrators; every route names its permission. */
@ApiTags('users')
@Controller('users')
export class UsersAdminController {
  constructor(
    private readonly users: UsersService,
    private readonly lifecycle: UserLifecycleService,
  ) {}

  @Get()
  @RequirePermission('users:read')
  @ApiOperation({
    summary: 'List and search users',
    description: 'Newest first; deleted and erased accounts need users:delete.',
  })
  @ApiOkResponse({ type: UserPageResponse })
  @ApiInvalid()
  @ApiProblem(400, 'INVALID_CURSOR', 'A cursor this list did not hand out')
  @ApiProblem(403, 'PERMISSION_DENIED', 'The caller lacks users:read, or users:delete for deleted accounts')
  async list(
    @CurrentPrincipal() caller: Principal,
    @Query() query: ListUsersQuery,
  ): Promise<UserPageResponse> {
    const filter = {
      status: query.status,
      search: query.search,
      createdFrom: query.createdFrom ? new Date(query.createdFrom) : undefined,
      createdTo: query.createdTo ? new Date(query.createdTo) : undefined,
      deleted: query.deleted,
    };
    return toUserPageResponse(await this.users.list(filter, caller, query.limit, query.cursor));
  }

  @Post()
  @RequirePermission('users:create')
  @ApiOperation({
    summary: 'Create a user',
    description: 'The account waits for its address to be verified.',
  })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiInvalid()
  @ApiProblem(409, 'EMAIL_TAKEN', 'Another account has this address')
  @ApiProblem(409, 'USERNAME_TAKEN', 'Another account has this username')
  async create(@CurrentPrincipal() caller: Principal, @Body() body: CreateUserDto): Promise<UserResponse> {
    return toUserResponse(await this.users.create(body, caller, 'admin'));
  }

  @Get(':userId')
  @RequirePermission('users:read')
  @ApiOperation({
    summary: 'Read a user',
    description: 'A deleted or erased account is visible with users:delete only.',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiInvalid()
  @ApiProblem(404, 'USER_NOT_FOUND', 'No such user; a deleted one needs users:delete')
  async get(
    @CurrentPrincipal() caller: Principal,
    @Param() { userId: id }: UserIdParam,
  ): Promise<UserResponse> {
    return toUserResponse(await this.users.get(id, caller));
  }

  @Patch(':userId')
  @RequirePermission('users:update')
  @ApiOperation({ summary: "Change a user's profile" })
  @ApiOkResponse({ type: UserResponse })
  @OnAccount('users:update')
  @Outranked()
  @Deleted()
  @ApiProblem(409, 'USERNAME_TAKEN', 'Another account has this username')
  async update(
    @CurrentPrincipal() caller: Principal,
    @Param() { userId: id }: UserIdParam,
    @Body() body: UpdateProfileDto,
  ): Promise<UserResponse> {
    return toUserResponse(await this.users.updateProfile(id, body, caller, false));
  }

  @Patch(':userId/status')
  @RequirePermission('users:suspend')
  @ApiOperation({
    summary: "Change a user's status",
    description: 'SUSPENDED, LOCKED or DEACTIVATED ends every session and token of the user at once.',
  })
  @ApiOkResponse({ type: UserResponse })
  @OnAccount('users:suspend')
  @Outranked()
  @NotSelf()
  @Deleted()
  async setStatus(
    @CurrentPrincipal() caller: Principal,
    @Param() { userId: id }: UserIdParam,
    @Body() body: UpdateStatusDto,
  ): Promise<UserResponse> {
    return toUserResponse(await this.lifecycle.changeStatus(id, body.status, body.reason, caller));
  }

  @Delete(':userId')
  @RequirePermission('users:delete')
  @ApiOperation({ summary: 'Delete a user (recoverable)', description: 'Ends their sessions and tokens.' })
  @ApiOkResponse({ type: UserResponse })
  @OnAccount('users:delete')
  @NotSelf()
  @Deleted()
  @Outranked()
  async remove(
    @CurrentPrincipal() caller: Principal,
    @Param() { userId: id }: UserIdParam,
  ): Promise<UserResponse> {
    return toUserResponse(await this.lifecycle.softDelete(id, caller));
  }

  @Post(':userId/restore')
  @HttpCode(200)
  @RequirePermission('users:delete')
  @ApiOperation({ summary: 'Restore a deleted user' })
  @ApiOkResponse({ type: UserResponse })
  @OnAccount('users:delete')
  @Outranked()
  @ApiProblem(409, 'USER_NOT_DELETED', 'The account is not deleted')
  async restore(
    @CurrentPrincipal() caller: Principal,
    @Param() { userId: id }: UserIdParam,
  ): Promise<UserResponse> {
    return toUserResponse(await this.lifecycle.restore(id, caller));
  }

  @Post(':userId/erasure')
  @HttpCode(200)
  @RequirePermission('users:delete')
  @ApiOperation({
    summary: 'Erase a user permanently (data-protection request)',
    description:
      'Removes personal data, credentials, preferences, sessions and API keys; keeps an anonymous ' +
      'row (id, status DEACTIVATED, deletedAt and erasedAt set) so the audit trail stays whole. ' +
      'Cannot be undone.',
  })
  @ApiOkResponse({ type: UserResponse })
  @OnAccount('users:delete')
  @NotSelf()
  @Outranked()
  @ApiProblem(400, 'ERASURE_NOT_CONFIRMED', 'confirmUserId does not repeat the id')
  async erase(
    @CurrentPrincipal() caller: Principal,
    @Param() { userId: id }: UserIdParam,
    @Body() body: EraseUserDto,
  ): Promise<UserResponse> {
    return toUserResponse(await this.lifecycle.erase(id, body.confirmUserId, body.reason, caller));
  }
}
