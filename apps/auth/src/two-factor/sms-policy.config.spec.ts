import { parseSmsPolicyConfig } from './sms-policy.config';

describe('SMS policy configuration', () => {
  it('has daily caps by default and every region allowed', () => {
    expect(parseSmsPolicyConfig({}).config).toEqual({
      dailyPerNumber: 5,
      dailyPerAccount: 10,
      dailyPerCountry: 1000,
      dailyTotal: 10_000,
      allowedCountries: [],
    });
  });

  it('reads the allow-list in any case and spacing, and names what is wrong', () => {
    expect(parseSmsPolicyConfig({ SMS_ALLOWED_COUNTRIES: ' at, de ,' }).config?.allowedCountries).toEqual([
      'AT',
      'DE',
    ]);
    expect(parseSmsPolicyConfig({ SMS_ALLOWED_COUNTRIES: 'AT,XX,Austria' }).problems).toEqual([
      'SMS_ALLOWED_COUNTRIES: not ISO 3166-1 alpha-2 regions with phone numbers: XX, AUSTRIA',
    ]);
    expect(parseSmsPolicyConfig({ SMS_DAILY_CAP_TOTAL: '0' }).problems[0]).toMatch(/^SMS_DAILY_CAP_TOTAL:/);
  });
});
