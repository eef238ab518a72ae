import { Injectable } from '@nestjs/common';
import type { UserContacts } from '@orion/contracts';
import { ContactsRepository } from './contacts.repository';

/** How to reach a user, for the notification service; null for an unknown id. */
@Injectable()
export class ContactsService {
  constructor(private readonly contacts: ContactsRepository) {}

  find(userId: string): Promise<UserContacts | null> {
    return this.contacts.find(userId);
  }
}
