import type { Venue } from '../../../domain/contracts/venues.ts';

/**
 * The area a plan starts from: the rule's minimum the venue misses (its reason names it, as the rules configured
 * say: a community's is 300 ㎡ by default, not a village's 200), never less than what the venue has.
 */
export function plannedAreaDefault(venue: Pick<Venue, 'reasons' | 'organizationKind' | 'buildingArea'>): number {
  const area = venue.reasons.find((r) => r.reason.code === 'area')?.reason;
  const min = typeof area?.min === 'number' ? area.min : venue.organizationKind === 'community' ? 300 : 200;
  return Math.max(min, venue.buildingArea);
}
