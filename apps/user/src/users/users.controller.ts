import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiInvalid, ApiProblem } from '@orion/core';
import { AllowUnverifiedEmail, CurrentUser, UserPrincipal } from '@orion/security';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { toUserResponse, UserResponse } from './dto/user.response';
import { UsersService } from './users.service';

/** The caller's own profile: ownership decides, no permission needed. */
@ApiTags('users')
@Controller('users/me')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @AllowUnverifiedEmail()
  @ApiOperation({ summary: 'Your profile' })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblem(404, 'USER_NOT_FOUND', 'Your account is deleted or erased')
  async me(@CurrentUser() caller: UserPrincipal): Promise<UserResponse> {
    return toUserResponse(await this.users.me(caller.userId));
  }

  @Patch()
  @ApiOperation({
    summary: 'Change your profile',
    description:
      'Names, username, avatar and phone number; null clears a field. Status, roles, verification, ' +
      'e-mail (see PATCH /users/me/email) and credentials cannot be set here: unknown fields answer 400.',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiInvalid('Invalid or unknown fields; errors lists every one')
  @ApiProblem(404, 'USER_NOT_FOUND', 'Your account is deleted or erased')
  @ApiProblem(409, 'USERNAME_TAKEN', 'Another account has this username')
  async update(@CurrentUser() caller: UserPrincipal, @Body() body: UpdateProfileDto): Promise<UserResponse> {
    return toUserResponse(await this.users.updateProfile(caller.userId, body, caller, true));
  }
}
