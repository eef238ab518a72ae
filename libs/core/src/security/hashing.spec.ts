import { hmacSha256, sha256, sha256Base64Url, sha256Hex } from './hashing';

describe('hashing', () => {
  it('gives the SHA-256 of the UTF-8 bytes in each spelling', () => {
    const hex = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(sha256Hex('abc')).toBe(hex);
    expect(sha256Base64Url('abc')).toBe(Buffer.from(hex, 'hex').toString('base64url'));
    expect(sha256(Buffer.from('abc'))).toEqual(Buffer.from(hex, 'hex'));
    expect(sha256Hex('é')).toBe(sha256Hex(Buffer.from('é', 'utf8')));
  });

  it('gives the RFC 4231 HMAC-SHA256', () => {
    const key = Buffer.alloc(20, 0x0b);
    expect(hmacSha256(key, 'Hi There').toString('hex')).toBe(
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    );
  });
});
