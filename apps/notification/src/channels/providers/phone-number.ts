import { PermanentDeliveryError } from '../channel-provider';

const E164 = /^\+[1-9]\d{6,14}$/;

/** SMS recipients must be E.164 numbers ("+4915112345678"): anything else can never be delivered. */
export function assertPhoneNumber(to: string): void {
  if (!E164.test(to)) {
    throw new PermanentDeliveryError('not an E.164 phone number', { code: 'INVALID_PHONE_NUMBER' });
  }
}
