import type { GeoLocation } from './geolocation.service';

export type RiskReason = 'new_device' | 'new_country' | 'impossible_travel' | 'recent_failures';

/** An explainable score: the sum of the weights of its reasons. */
export interface RiskAssessment {
  score: number;
  reasons: RiskReason[];
  location: GeoLocation | null;
  /** What each reason was based on, kept with the attempt. */
  evidence: Record<string, unknown>;
}
