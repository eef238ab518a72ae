import { VERIFY_API_KEY } from './user/api-keys.contract';
import { LIST_AUDIENCE } from './user/audience.contract';
import { GET_USER_CONTACTS } from './user/contacts.contract';
import { SET_PASSWORD, VERIFY_CREDENTIALS } from './user/credentials.contract';
import { MAY_ADMINISTER } from './user/administration.contract';
import { CHECK_PERMISSION } from './user/permissions.contract';
import { RECORD_SESSION, TOUCH_SESSION } from './user/sessions.contract';
import { REGISTER_USER } from './user/registration.contract';
import { CREATE_USER, FIND_ACCOUNT } from './user/users.contract';

/** The services that sign transport messages. */
export type ProducerName = 'auth' | 'user' | 'notification';

/** Which producers may send each command: the receiving service refuses any other sender. */
export type CommandSenders = Readonly<Record<string, readonly ProducerName[]>>;

/**
 * The one list of who may send what. A command missing here is refused from everyone, so a
 * new command is added here beside its definition (the contracts spec checks none is missing).
 */
export const COMMAND_SENDERS: CommandSenders = {
  [CREATE_USER.pattern]: ['auth'],
  // Sign-up: the same answer for a taken address.
  [REGISTER_USER.pattern]: ['auth'],
  [FIND_ACCOUNT.pattern]: ['auth'],
  [VERIFY_CREDENTIALS.pattern]: ['auth'],
  // Only a used reset link at auth may change a password through the transport.
  [SET_PASSWORD.pattern]: ['auth'],
  [RECORD_SESSION.pattern]: ['auth'],
  [TOUCH_SESSION.pattern]: ['auth'],
  [GET_USER_CONTACTS.pattern]: ['auth', 'notification'],
  [LIST_AUDIENCE.pattern]: ['notification'],
  // The auth service's administrator unlock asks whether the actor outranks the account.
  [MAY_ADMINISTER.pattern]: ['auth'],
  // The shared guards of every service ask these.
  [CHECK_PERMISSION.pattern]: ['auth', 'notification', 'user'],
  [VERIFY_API_KEY.pattern]: ['auth', 'notification', 'user'],
};
