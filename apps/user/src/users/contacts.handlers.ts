import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { GET_USER_CONTACTS, GetUserContactsRequest, UserContacts } from '@orion/contracts';
import { HandleCommand } from '@orion/core';
import { ContactsService } from './contacts.service';

/** Contact details for the notification service, which addresses messages by user id. */
@Controller()
export class ContactsHandlers {
  constructor(private readonly contacts: ContactsService) {}

  @HandleCommand(GET_USER_CONTACTS)
  get(@Payload() request: GetUserContactsRequest): Promise<UserContacts | null> {
    return this.contacts.find(request.userId);
  }
}
