import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ACCOUNT_LOCKED,
  AccountLockedEvent,
  EmailAddressInUseEvent,
  EmailChangedEvent,
  EmailVerificationRequestedEvent,
  NEW_DEVICE_SIGNED_IN,
  NewDeviceSignedInEvent,
  PASSWORD_CHANGED,
  PASSWORD_RESET_REQUESTED,
  PasswordChangedEvent,
  PasswordResetRequestedEvent,
  REFRESH_TOKEN_REUSED,
  RefreshTokenReusedEvent,
  SECOND_FACTOR_FAILURES,
  SecondFactorFailuresEvent,
  SIGN_IN_BLOCKED,
  SignInBlockedEvent,
  SOCIAL_SIGN_IN_NOT_LINKED,
  SOCIAL_ACCOUNT_LINKED,
  SOCIAL_ACCOUNT_UNLINKED,
  SocialAccountChangedEvent,
  TWO_FACTOR_CHANGED,
  TWO_FACTOR_CODE_REQUESTED,
  TwoFactorChangedEvent,
  TwoFactorCodeRequestedEvent,
  USER_EMAIL_ADDRESS_IN_USE,
  USER_EMAIL_CHANGED,
  USER_EMAIL_VERIFICATION_REQUESTED,
  USER_REGISTERED,
  USER_REGISTRATION_ATTEMPTED,
  UserRegisteredEvent,
  UserRegistrationAttemptedEvent,
} from '@orion/contracts';
import {
  DomainError,
  EventContext,
  FieldSealer,
  OnEvent,
  sealedPurpose,
  SealedValueError,
} from '@orion/core';
import type { Tx } from '../database/transaction.runner';
import { SendNotificationCommand, SendNotificationUseCase } from '../notifications/send-notification.usecase';
import * as protect from './account-protection-notifications';
import * as notify from './event-notifications';
import { TRIGGERS_CONFIG, TriggersConfig } from './triggers.config';

const VERIFICATION_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const ONE_TIME_CODE = /^[0-9]{6,8}$/;
const WEB_LINK = /^https?:\/\/[^\s]{1,2040}$/;

/**
 * Turns what the auth and user services announce into notifications, so producers need no
 * notification code. Each handler only maps the event (event-notifications.ts) and sends.
 */
@Injectable()
export class TriggersHandlers {
  private readonly logger = new Logger(TriggersHandlers.name);

  constructor(
    private readonly send: SendNotificationUseCase,
    @Inject(TRIGGERS_CONFIG) private readonly links: TriggersConfig,
    private readonly sealer: FieldSealer,
  ) {}

  @OnEvent(USER_REGISTERED)
  userRegistered(event: UserRegisteredEvent, context: EventContext<Tx>): Promise<void> {
    return this.deliver(context, notify.welcome(event, this.trigger(context)));
  }

  @OnEvent(USER_EMAIL_VERIFICATION_REQUESTED)
  emailVerificationRequested(
    event: EmailVerificationRequestedEvent,
    context: EventContext<Tx>,
  ): Promise<void> {
    const token = this.open(USER_EMAIL_VERIFICATION_REQUESTED, 'token', event.token, VERIFICATION_TOKEN);
    return this.deliver(context, notify.emailVerification({ ...event, token }, this.trigger(context)));
  }

  @OnEvent(USER_EMAIL_CHANGED)
  emailChanged(event: EmailChangedEvent, context: EventContext<Tx>): Promise<void> {
    const token = this.open(USER_EMAIL_CHANGED, 'token', event.token, VERIFICATION_TOKEN);
    return this.deliver(context, notify.emailChanged({ ...event, token }, this.trigger(context)));
  }

  @OnEvent(USER_EMAIL_ADDRESS_IN_USE)
  emailAddressInUse(event: EmailAddressInUseEvent, context: EventContext<Tx>): Promise<void> {
    return this.deliver(context, notify.emailAddressInUse(event, this.trigger(context)));
  }

  @OnEvent(PASSWORD_RESET_REQUESTED)
  passwordResetRequested(event: PasswordResetRequestedEvent, context: EventContext<Tx>): Promise<void> {
    const resetUrl = this.open(PASSWORD_RESET_REQUESTED, 'resetUrl', event.resetUrl, WEB_LINK);
    return this.deliver(context, notify.passwordReset({ ...event, resetUrl }, this.trigger(context)));
  }

  @OnEvent(TWO_FACTOR_CODE_REQUESTED)
  twoFactorCodeRequested(event: TwoFactorCodeRequestedEvent, context: EventContext<Tx>): Promise<void> {
    const oneTimeCode = this.open(TWO_FACTOR_CODE_REQUESTED, 'oneTimeCode', event.oneTimeCode, ONE_TIME_CODE);
    return this.deliver(context, notify.twoFactorCode({ ...event, oneTimeCode }, this.trigger(context)));
  }

  @OnEvent(REFRESH_TOKEN_REUSED)
  refreshTokenReused(event: RefreshTokenReusedEvent, context: EventContext<Tx>): Promise<void> {
    return this.deliver(context, notify.refreshTokenReused(event, this.trigger(context)));
  }

  @OnEvent(NEW_DEVICE_SIGNED_IN)
  newDeviceSignedIn(event: NewDeviceSignedInEvent, context: EventContext<Tx>): Promise<void> {
    return this.deliver(context, notify.newDeviceSignedIn(event, this.trigger(context)));
  }

  @OnEvent(SIGN_IN_BLOCKED)
  signInBlocked(event: SignInBlockedEvent, context: EventContext<Tx>): Promise<void> {
    return this.deliver(context, notify.signInBlocked(event, this.trigger(context)));
  }

  @OnEvent(ACCOUNT_LOCKED)
  accountLocked(event: AccountLockedEvent, context: EventContext<Tx>): Promise<void> {
    return this.deliver(context, notify.accountLocked(event, this.trigger(context)));
  }

  @OnEvent(SECOND_FACTOR_FAILURES)
  secondFactorFailures(event: SecondFactorFailuresEvent, context: EventContext<Tx>): Promise<void> {
    return this.deliver(context, notify.secondFactorFailures(event, this.trigger(context)));
  }

  @OnEvent(PASSWORD_CHANGED)
  passwordChanged(event: PasswordChangedEvent, context: EventContext<Tx>): Promise<void> {
    return this.deliver(context, notify.passwordChanged(event, this.trigger(context)));
  }

  @OnEvent(TWO_FACTOR_CHANGED)
  twoFactorChanged(event: TwoFactorChangedEvent, context: EventContext<Tx>): Promise<void> {
    return this.deliver(context, notify.twoFactorChanged(event, this.trigger(context)));
  }

  @OnEvent(SOCIAL_ACCOUNT_LINKED)
  socialAccountLinked(event: SocialAccountChangedEvent, context: EventContext<Tx>): Promise<void> {
    return this.deliver(context, notify.socialAccountChanged(true)(event, this.trigger(context)));
  }

  @OnEvent(SOCIAL_ACCOUNT_UNLINKED)
  socialAccountUnlinked(event: SocialAccountChangedEvent, context: EventContext<Tx>): Promise<void> {
    return this.deliver(context, notify.socialAccountChanged(false)(event, this.trigger(context)));
  }

  @OnEvent(USER_REGISTRATION_ATTEMPTED)
  registrationAttempted(event: UserRegistrationAttemptedEvent, context: EventContext<Tx>): Promise<void> {
    return this.deliver(context, protect.registrationAttempted(event, this.trigger(context)));
  }

  @OnEvent(SOCIAL_SIGN_IN_NOT_LINKED)
  socialSignInNotLinked(event: SocialAccountChangedEvent, context: EventContext<Tx>): Promise<void> {
    return this.deliver(context, protect.socialSignInNotLinked(event, this.trigger(context)));
  }

  /**
   * The clear value of a secret the producer sealed for this service, checked against its shape
   * (the contract can only check the sealed form). A value that cannot be opened is thrown:
   * retried, then dead-lettered, never sent half-read.
   */
  private open(contract: { name: string }, field: string, sealed: string, shape: RegExp): string {
    const value = this.sealer.open(sealedPurpose(contract, field), sealed);
    if (!shape.test(value)) throw new SealedValueError(`${field} does not have the expected form`);
    return value;
  }

  private trigger(context: EventContext<Tx>): notify.Trigger {
    return { eventId: context.eventId, links: this.links };
  }

  /**
   * A refusal that no retry can change (unknown or deactivated user, no address for the channel)
   * is logged and the event counts as handled; anything else (the user service unreachable, the
   * database down) is thrown so the event is delivered again.
   */
  private async deliver(context: EventContext<Tx>, command: SendNotificationCommand): Promise<void> {
    try {
      const result = await this.send.execute(command);
      if (!result.created) this.logger.log({ eventId: context.eventId }, 'event already notified');
    } catch (error) {
      if (error instanceof DomainError && error.status >= 400 && error.status < 500) {
        this.logger.warn(
          {
            event: context.name,
            eventId: context.eventId,
            code: error.code,
            template: command.template?.key,
          },
          'event not notified: the send was refused',
        );
        return;
      }
      throw error;
    }
  }
}
