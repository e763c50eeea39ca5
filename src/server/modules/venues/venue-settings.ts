import { VenueSettingsSchema, type VenueSettingsValue } from '../../../domain/venue-campaign.ts';
import type { Executor } from '../../http/context.ts';
import * as settingsRepo from '../settings/settings.repository.ts';

/** The program-settings key of the venue rules and the campaign. */
export const VENUE_SETTINGS_KEY = 'venues';

/** The venue settings in force: the saved ones, or the defaults (a stored value that no longer parses falls back to them). */
export async function loadVenueSettings(db: Executor): Promise<VenueSettingsValue> {
  const row = await settingsRepo.find(db, VENUE_SETTINGS_KEY);
  if (!row) return VenueSettingsSchema.parse({});
  const parsed = VenueSettingsSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : VenueSettingsSchema.parse({});
}
