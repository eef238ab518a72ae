import { defaultDeviceName, deviceFingerprint, deviceTraitsOf } from './device-fingerprint';

const CHROME_120_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const CHROME_131_MAC = CHROME_120_MAC.replace('120.0.0.0', '131.0.0.0');
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

describe('device fingerprints', () => {
  it('reads OS, browser and form factor from the user agent', () => {
    expect(deviceTraitsOf(CHROME_120_MAC)).toEqual({ os: 'macOS', browser: 'Chrome', deviceType: 'desktop' });
    expect(deviceTraitsOf(SAFARI_IPHONE)).toEqual({
      os: 'iOS',
      browser: 'Mobile Safari',
      deviceType: 'mobile',
    });
    expect(defaultDeviceName(deviceTraitsOf(CHROME_120_MAC))).toBe('Chrome on macOS');
    expect(defaultDeviceName(deviceTraitsOf(undefined))).toBe('Unknown desktop');
  });

  it('stays the same across browser updates and changes with the client’s device id', () => {
    const before = deviceFingerprint('device-1', deviceTraitsOf(CHROME_120_MAC));
    expect(deviceFingerprint('device-1', deviceTraitsOf(CHROME_131_MAC))).toBe(before);
    expect(deviceFingerprint('device-2', deviceTraitsOf(CHROME_120_MAC))).not.toBe(before);
    expect(deviceFingerprint('device-1', deviceTraitsOf(SAFARI_IPHONE))).not.toBe(before);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
  });
});
