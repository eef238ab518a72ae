import { UAParser } from 'ua-parser-js';
import { DeviceTraits } from './device.types';
import { sha256Hex } from '@orion/core';

/** Operating system, browser and form factor, without versions: a browser update is not a new device. */
export function deviceTraitsOf(userAgent: string | undefined): DeviceTraits {
  const parsed = UAParser(userAgent ?? '');
  return {
    os: parsed.os.name ?? null,
    browser: parsed.browser.name ?? null,
    // ua-parser leaves desktops untyped.
    deviceType: parsed.device.type ?? 'desktop',
  };
}

/**
 * The stored identity of a device: SHA-256 over the client's own device id and the normalised user
 * agent. Without a client id, all sign-ins of one user from the same kind of browser share a device.
 */
export function deviceFingerprint(clientDeviceId: string | undefined, traits: DeviceTraits): string {
  const parts = [clientDeviceId ?? '', traits.os ?? '', traits.browser ?? '', traits.deviceType];
  return sha256Hex(parts.join('\u0000'));
}

/** "Chrome on macOS" */
export function defaultDeviceName(traits: DeviceTraits): string {
  if (traits.browser && traits.os) return `${traits.browser} on ${traits.os}`;
  return traits.browser ?? traits.os ?? `Unknown ${traits.deviceType}`;
}
