import { defineEvent } from '../contract';
import { SocialAccountChangedEvent } from './account.events';

/**
 * Someone signed in through an identity provider with the address of an existing account that
 * could not be linked (the provider or the account has not verified the address). The caller
 * got the same answer as for a new address; the account's owner is told.
 */
export const SOCIAL_SIGN_IN_NOT_LINKED = defineEvent<SocialAccountChangedEvent>(
  'auth.social-sign-in-not-linked.v1',
  SocialAccountChangedEvent,
);
