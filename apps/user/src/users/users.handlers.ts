import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CREATE_USER, CreateUserRequest, UserView } from '@orion/contracts';
import { HandleCommand } from '@orion/core';
import { UsersService } from './users.service';

/** Commands from other services about accounts. */
@Controller()
export class UsersHandlers {
  constructor(private readonly users: UsersService) {}

  /** Sign-up in the auth service; a taken address answers EMAIL_TAKEN (409) to the caller. */
  @HandleCommand(CREATE_USER)
  async create(@Payload() request: CreateUserRequest): Promise<UserView> {
    const user = await this.users.create(request, null, 'sign-up');
    return {
      id: user.id,
      email: user.email,
      username: user.username,
      status: user.status,
      firstName: user.firstName,
      lastName: user.lastName,
      displayName: user.displayName,
      createdAt: user.createdAt.toISOString(),
    };
  }
}
