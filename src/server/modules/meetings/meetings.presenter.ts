import type { Meeting } from '../../../domain/contracts/meetings.ts';
import type { MeetingKind } from '../../../domain/meeting-rhythm.ts';
import type { PartyMeetingsTable } from '../../db/database.ts';
import type { Actor } from '../../http/context.ts';
import { canRecordStudy } from '../study/study.policy.ts';
import type { MeetingRow } from './meetings.repository.ts';

const count = (n: number | null) => (n === null ? null : Number(n));

export function presentMeeting(row: MeetingRow, actor: Actor): Meeting {
  return {
    id: row.id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    kind: row.kind as MeetingKind,
    heldAt: row.held_at,
    place: row.place,
    attendees: row.attendees,
    expectedCount: count(row.expected_count),
    presentCount: count(row.present_count),
    agenda: row.agenda,
    minutes: row.minutes,
    decisions: row.decisions,
    version: Number(row.version),
    // An archived branch's records are read only (study-scope.ts refuseArchived).
    allowedActions: canRecordStudy(actor, row.org_path) && !row.organization_archived_at ? ['edit'] : [],
  };
}

export function snapshotMeeting(
  row: Pick<
    PartyMeetingsTable,
    'kind' | 'held_at' | 'place' | 'attendees' | 'expected_count' | 'present_count' | 'agenda' | 'minutes' | 'decisions'
  >,
) {
  return {
    kind: row.kind,
    heldAt: row.held_at,
    place: row.place,
    attendees: row.attendees,
    expectedCount: count(row.expected_count),
    presentCount: count(row.present_count),
    agenda: row.agenda,
    minutes: row.minutes,
    decisions: row.decisions,
  };
}
