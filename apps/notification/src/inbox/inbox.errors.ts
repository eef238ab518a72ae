import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

/** Not in the caller's inbox: missing, someone else's, or not an in-app notification (all alike). */
export class InboxItemNotFoundError extends DomainError {
  readonly code = 'INBOX_ITEM_NOT_FOUND';
  readonly status = HttpStatus.NOT_FOUND;
  constructor() {
    super('No such item in your inbox.');
  }
}
