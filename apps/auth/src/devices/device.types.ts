export type DeviceStatus = 'PENDING' | 'TRUSTED' | 'BLOCKED' | 'REVOKED';

/** A browser or app a user signed in from. */
export interface DeviceView {
  id: string;
  userId: string;
  name: string | null;
  deviceType: string | null;
  os: string | null;
  browser: string | null;
  status: DeviceStatus;
  trustedUntil: Date | null;
  lastSeenAt: Date;
  lastIp: string | null;
  createdAt: Date;
}

/** What the user agent says about the device, normalised (no versions: updates are not new devices). */
export interface DeviceTraits {
  os: string | null;
  browser: string | null;
  deviceType: string;
}

/** How sign-in sees the device an attempt comes from. */
export interface RecognisedDevice {
  deviceId: string;
  newDevice: boolean;
  /** The request presented this device's token, trusted and unexpired: the second factor may be skipped. */
  trusted: boolean;
  name: string;
  traits: DeviceTraits;
}

/** Who holds a valid device token: the trusted device and its account. */
export interface TrustedDeviceHolder {
  deviceId: string;
  userId: string;
}
