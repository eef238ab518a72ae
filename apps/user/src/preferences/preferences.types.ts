/** The seven categories of user_preferences, one JSONB column each. */
export const PREFERENCE_CATEGORIES = [
  'notifications',
  'privacy',
  'display',
  'accessibility',
  'communication',
  'security',
  'localization',
] as const;

export type PreferenceCategory = (typeof PREFERENCE_CATEGORIES)[number];

export type PreferenceDocuments = Record<PreferenceCategory, Record<string, unknown>>;

export interface Preferences extends PreferenceDocuments {
  /** 0 when the user has no preferences row yet. */
  version: number;
}
