export type RiskReason = 'new_device' | 'new_country' | 'impossible_travel' | 'recent_failures';

/** An explainable score: the sum of the weights of its reasons. */
export interface RiskAssessment {
  score: number;
  reasons: RiskReason[];
  location: GeoLocation | null;
  /** What each reason was based on, kept with the attempt. */
  evidence: Record<string, unknown>;
}

export interface GeoLocation {
  /** ISO 3166-1 alpha-2 */
  country: string;
  latitude: number;
  longitude: number;
}
