import { distanceKm } from './geolocation.service';

describe('distanceKm', () => {
  it('measures great-circle distances', () => {
    const london = { country: 'GB', latitude: 51.5074, longitude: -0.1278 };
    const newYork = { country: 'US', latitude: 40.7128, longitude: -74.006 };
    expect(Math.round(distanceKm(london, newYork))).toBeGreaterThan(5560);
    expect(Math.round(distanceKm(london, newYork))).toBeLessThan(5580);
    expect(distanceKm(london, london)).toBe(0);
  });
});
