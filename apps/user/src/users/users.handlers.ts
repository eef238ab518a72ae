import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AccountSummary,
  CREATE_USER,
  CreateUserRequest,
  FIND_ACCOUNT,
  FindAccountRequest,
  REGISTER_USER,
  RegisterUserRequest,
  RegistrationAccepted,
  UserView,
} from '@orion/contracts';
import { FieldSealer, HandleCommand, sealedPurpose } from '@orion/core';
import { CredentialsService } from './credentials.service';
import { RegistrationService } from './registration.service';
import { UsersService } from './users.service';

/** Commands from other services about accounts. */
@Controller()
export class UsersHandlers {
  constructor(
    private readonly users: UsersService,
    private readonly credentials: CredentialsService,
    private readonly registration: RegistrationService,
    private readonly sealer: FieldSealer,
  ) {}

  /** Sign-up in the auth service: one answer whether the address was new or taken. */
  @HandleCommand(REGISTER_USER)
  async register(@Payload() request: RegisterUserRequest): Promise<RegistrationAccepted> {
    // The password arrives sealed for this service; the policy checks it in clear.
    const password = this.sealer.open(sealedPurpose(REGISTER_USER, 'password'), request.password);
    await this.registration.register({ ...request, password });
    return { accepted: true };
  }

  /**
   * Sign-up in the auth service, or a first sign-in through an identity provider (no password);
   * a taken address answers EMAIL_TAKEN (409) to the caller.
   */
  @HandleCommand(CREATE_USER)
  async create(@Payload() request: CreateUserRequest): Promise<UserView> {
    // The password arrives sealed for this service; the policy checks it in clear below.
    const password =
      request.password === undefined
        ? undefined
        : this.sealer.open(sealedPurpose(CREATE_USER, 'password'), request.password);
    const registration = { ...request, password };
    const user = await this.users.create(registration, null, password ? 'sign-up' : 'social');
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

  /** A live account by address or id; deleted and erased accounts are not found. */
  @HandleCommand(FIND_ACCOUNT)
  async findAccount(@Payload() request: FindAccountRequest): Promise<AccountSummary | null> {
    const by = request.userId ? { userId: request.userId } : { email: request.email as string };
    return this.credentials.findAccount(by);
  }
}
