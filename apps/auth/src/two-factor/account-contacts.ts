import { Injectable } from '@nestjs/common';
import { GET_USER_CONTACTS, UserContacts } from '@orion/contracts';
import { InjectServiceClient, ServiceClient } from '@orion/core';

/** The account's address and phone, as the user service holds them. */
@Injectable()
export class AccountContacts {
  constructor(@InjectServiceClient('user') private readonly users: ServiceClient) {}

  of(userId: string): Promise<UserContacts | null> {
    return this.users.send(GET_USER_CONTACTS, { userId }, { idempotent: true });
  }
}
