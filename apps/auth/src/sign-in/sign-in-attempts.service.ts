import { Injectable } from '@nestjs/common';
import { NEWEST_FIRST_CURSOR, Page, toPage } from '@orion/core';
import { LoginAttemptsRepository } from './login-attempts.repository';
import { LoginAttemptView } from './sign-in.types';

/** The sign-in history users and auditors read: newest first, keyset-paged. */
@Injectable()
export class SignInAttemptsService {
  constructor(private readonly attempts: LoginAttemptsRepository) {}

  /** One page of the attempts on one account (`userId`) or on every account. */
  async page(filter: { userId?: string }, limit: number, cursor?: string): Promise<Page<LoginAttemptView>> {
    const rows = await this.attempts.list(filter, limit + 1, NEWEST_FIRST_CURSOR.decode(cursor));
    return toPage(rows, limit, (last) => NEWEST_FIRST_CURSOR.encode(last));
  }
}
