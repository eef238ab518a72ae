import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, UserPrincipal } from '@orion/security';
import { ApiProblems } from './dto/problem.response';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { UserResponse } from './dto/user.response';
import { UsersService } from './users.service';

/** The caller's own profile: ownership decides, no permission needed. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users/me')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Your profile' })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems(401, 404)
  async me(@CurrentUser() caller: UserPrincipal): Promise<UserResponse> {
    return UserResponse.of(await this.users.me(caller.userId));
  }

  @Patch()
  @ApiOperation({
    summary: 'Change your profile',
    description:
      'Names, username, avatar and phone number; null clears a field. Status, roles, verification, ' +
      'e-mail (see PATCH /users/me/email) and credentials cannot be set here: unknown fields answer 400.',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems(400, 401, 404, 409)
  async update(@CurrentUser() caller: UserPrincipal, @Body() body: UpdateProfileDto): Promise<UserResponse> {
    return UserResponse.of(await this.users.updateProfile(caller.userId, body, caller, true));
  }
}
