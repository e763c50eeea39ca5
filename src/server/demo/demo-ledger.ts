import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { problemCode, problemCodePrefix } from '../../domain/problem-codes.ts';
import type { ProblemStatus } from '../../domain/problem-workflow.ts';
import { addDays, shanghaiDate, shanghaiDayStart } from '../../domain/time.ts';
import type {
  EvidenceTable,
  InspectionChecklistsTable,
  InspectionResultsTable,
  MeasuresTable,
  OrganizationRow,
  ProblemsTable,
} from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { Executor } from '../http/context.ts';
import * as evidenceRepo from '../modules/evidence/evidence.repository.ts';
import * as inspections from '../modules/inspections/inspections.repository.ts';
import * as measuresRepo from '../modules/measures/measures.repository.ts';
import * as problemsRepo from '../modules/problems/problems.repository.ts';
import * as users from '../modules/users/users.repository.ts';
import { GIVEN, MEASURE_FORMS, NOTES, PROBLEM_FORMS, random, SURNAMES } from './demo-text.ts';

/**
 * The demo ledger: one finished inspection round over the 16 villages that
 * found about 240 problems, with about 260 measures in mixed states and
 * deadlines relative to today (some overdue, some due soon, some closed).
 * Deterministic: the same day gives the same ledger.
 */

/** A real 1×1 PNG standing in for the photos villages upload. */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

interface Seeded {
  problems: number;
  measures: number;
}

/** Seeds the ledger into the demo transaction. Needs the demo standard and liaison groups to exist. */
export async function seedDemoLedger(
  trx: Executor,
  now: Date,
  villages: OrganizationRow[],
  passwordHash: string,
  dataDir: string | null,
): Promise<Seeded> {
  const version = await inspections.latestPublishedVersion(trx);
  if (!version || villages.length === 0) return { problems: 0, measures: 0 };
  const items = (await inspections.checkItemsOf(trx, version.id)).filter((i) => i.applies_to === 'both' || i.applies_to === 'village');
  const rand = random(Date.parse(shanghaiDate(now)) / 86_400_000);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const today = shanghaiDate(now);
  const day = (offset: number, hour = 10) =>
    new Date(shanghaiDayStart(addDays(today, offset)).getTime() + hour * 3_600_000 + Math.floor(rand() * 3_000_000)).toISOString();
  const fixedAt = now.toISOString();

  // Every village gets a secretary account to act in the timeline (demo users `secretary` and `zhangdong` already exist).
  const secretaries = new Map<string, string>();
  for (const v of villages) {
    const existing = await users.findUserIdWithRoleAt(trx, 'village_secretary', v.id);
    if (existing) {
      secretaries.set(v.id, existing);
      continue;
    }
    const id = newId();
    await users.insert(trx, {
      id,
      username: `cun-${(v.code ?? v.id.slice(-6)).toLowerCase()}`,
      display_name: `${pick(SURNAMES)}${pick(GIVEN)}`,
      phone: null,
      email: null,
      password_hash: passwordHash,
      disabled_at: null,
      version: 1,
      created_at: fixedAt,
      updated_at: fixedAt,
    });
    await users.insertAssignment(trx, { id: newId(), user_id: id, role: 'village_secretary', organization_id: v.id, created_at: fixedAt });
    secretaries.set(v.id, id);
  }
  const groups = await inspections.groupsCovering(
    trx,
    villages.map((v) => v.id),
  );
  const members = await inspections.groupMembers(trx, [...new Set(groups.values())]);
  const verifier = (villageId: string) =>
    members.find((m) => m.group_id === groups.get(villageId) && m.seat === 'department')?.user_id ?? members[0]?.user_id ?? null;
  const officer = (await users.findByUsername(trx, 'officer'))?.id ?? null;
  const admin = (await users.findByUsername(trx, 'admin'))?.id ?? null;

  const roundId = newId();
  await inspections.insertRound(trx, {
    id: roundId,
    name: '2026年度村级党组织规范化建设集中排查',
    standard_version_id: version.id,
    period_start: addDays(today, -45),
    period_end: addDays(today, -35),
    status: 'closed',
    created_by: officer ?? admin,
    closed_at: day(-34),
    version: 2,
    created_at: day(-46),
    updated_at: day(-34),
  });

  const checklists: InspectionChecklistsTable[] = [];
  const results: InspectionResultsTable[] = [];
  const problems: ProblemsTable[] = [];
  const history: Array<Parameters<typeof problemsRepo.insertHistory>[1]> = [];
  const notes: Array<Parameters<typeof problemsRepo.insertNote>[1]> = [];
  const measures: MeasuresTable[] = [];
  const links: Array<{ measure_id: string; problem_id: string }> = [];
  const evidence: EvidenceTable[] = [];
  const sha = createHash('sha256').update(PHOTO).digest('hex');
  let seq = 0;

  for (const [villageIndex, v] of villages.entries()) {
    // Villages differ in pace, so red, amber and green all show: a quarter lag (long overdue work), half are
    // a little behind (recently overdue), a quarter keep every deadline.
    const pace = villageIndex % 4 === 0 ? 'lagging' : villageIndex % 4 === 3 ? 'keeping' : 'behind';
    const earliestOpenDue = pace === 'lagging' ? -25 : pace === 'behind' ? -12 : 0;
    const checklistId = newId();
    const secretary = secretaries.get(v.id) ?? null;
    const liaison = verifier(v.id);
    checklists.push({
      id: checklistId,
      round_id: roundId,
      organization_id: v.id,
      liaison_group_id: groups.get(v.id) ?? null,
      status: 'done',
      completed_at: day(-36),
      version: 3,
      created_at: day(-46),
      updated_at: day(-36),
    });
    const failCount = Math.min(items.length, 11 + Math.floor(rand() * 9));
    const failing = new Set(
      [...items]
        .sort(() => rand() - 0.5)
        .slice(0, failCount)
        .map((i) => i.id),
    );
    const villageProblems: Array<{ id: string; areaId: string; status: ProblemStatus }> = [];
    for (const item of items) {
      const foundDay = -45 + Math.floor(rand() * 9);
      let problemId: string | null = null;
      if (failing.has(item.id)) {
        problemId = newId();
        seq += 1;
        const r = rand();
        const status: ProblemStatus = r < 0.22 ? 'closed' : r < 0.35 ? 'accepted' : r < 0.5 ? 'submitted' : r < 0.8 ? 'rectifying' : 'open';
        const rejectedOnce = status !== 'open' && status !== 'rectifying' ? rand() < 0.15 : status === 'rectifying' && rand() < 0.2;
        // Deadlines: settled ones mostly passed; open work spread from overdue to due in a few weeks.
        const dueOffset =
          status === 'closed' || status === 'accepted'
            ? -20 + Math.floor(rand() * 25)
            : earliestOpenDue + Math.floor(rand() * (35 - earliestOpenDue));
        const dueOn = addDays(today, dueOffset);
        const createdAt = day(foundDay, 9);
        const p: ProblemsTable = {
          id: problemId,
          code: problemCode(problemCodePrefix(today), seq),
          organization_id: v.id,
          org_path: v.path,
          check_item_id: item.id,
          description: pick(PROBLEM_FORMS)(item.title),
          severity: rand() < 0.15 ? 'critical' : rand() < 0.4 ? 'major' : 'minor',
          source_round_id: roundId,
          source_group_id: groups.get(v.id) ?? null,
          found_on: shanghaiDate(new Date(createdAt)),
          found_by: liaison,
          owner_id: null,
          owner_name: `${pick(SURNAMES)}${pick(GIVEN)}`,
          responsible_org_id: v.id,
          lead_official: `${pick(SURNAMES)}${pick(GIVEN)}`,
          due_on: dueOn,
          tags: '[]',
          status,
          is_public: 1,
          remark: null,
          submitted_at: null,
          accepted_at: null,
          accepted_by: null,
          acceptance_opinion: null,
          closed_at: null,
          closed_by: null,
          version: 1,
          created_at: createdAt,
          updated_at: createdAt,
        };
        history.push({
          id: newId(),
          problem_id: problemId,
          action: 'create',
          from_status: null,
          to_status: 'open',
          actor_id: liaison,
          at: createdAt,
          reason: null,
          data: null,
        });
        // Replay the steps on a timeline that ends before today.
        let t = foundDay + 2;
        let steps = 0;
        const step = (action: string, from: string, to: string, actor: string | null, reason: string | null = null) => {
          // Steps spread over the weeks since the round, so every recent week has some acceptance and closure.
          t = Math.min(t + 2 + Math.floor(rand() * 9), -1);
          // One hour per step keeps the replay in order even when steps share a day.
          steps += 1;
          const at = day(t, 9 + steps);
          history.push({
            id: newId(),
            problem_id: problemId!,
            action,
            from_status: from,
            to_status: to,
            actor_id: actor,
            at,
            reason,
            data: null,
          });
          p.version += 1;
          p.updated_at = at;
          return at;
        };
        if (status !== 'open') {
          const startedAt = step('start', 'open', 'rectifying', secretary);
          notes.push({
            id: newId(),
            problem_id: problemId,
            author_id: secretary,
            at: new Date(Date.parse(startedAt) + 60_000).toISOString(),
            text: pick(NOTES),
          });
          if (rejectedOnce) {
            const at = step('submit', 'rectifying', 'submitted', secretary);
            evidence.push(photo(problemId, v.id, secretary, at));
            step('reject', 'submitted', 'rectifying', liaison, '佐证材料不完整，请补充整改前后对比照片');
          }
          if (status === 'submitted' || status === 'accepted' || status === 'closed') {
            p.submitted_at = step('submit', 'rectifying', 'submitted', secretary);
            evidence.push(photo(problemId, v.id, secretary, p.submitted_at));
          }
          if (status === 'accepted' || status === 'closed') {
            p.accepted_at = step('accept', 'submitted', 'accepted', liaison, '经现场查看，整改到位，验收合格');
            p.accepted_by = liaison;
            p.acceptance_opinion = '经现场查看，整改到位，验收合格';
          }
          if (status === 'closed') {
            p.closed_at = step('close', 'accepted', 'closed', officer);
            p.closed_by = officer;
          }
        }
        problems.push(p);
        villageProblems.push({ id: problemId, areaId: item.area_id, status });
        const progress = status === 'open' ? 0 : status === 'rectifying' ? 20 + Math.floor(rand() * 7) * 10 : 100;
        const measureId = newId();
        measures.push({
          id: measureId,
          organization_id: v.id,
          org_path: v.path,
          description: pick(MEASURE_FORMS)(item.title),
          owner_id: null,
          owner_name: p.owner_name,
          due_on: dueOn,
          progress,
          version: 1,
          created_by: secretary,
          created_at: day(foundDay + 1, 11),
          updated_at: day(foundDay + 1, 11),
        });
        links.push({ measure_id: measureId, problem_id: problemId });
      }
      results.push({
        id: newId(),
        checklist_id: checklistId,
        check_item_id: item.id,
        result: problemId ? 'fails' : 'meets',
        note: null,
        problem_id: problemId,
        recorded_by: liaison,
        recorded_at: day(foundDay, 9),
        version: 1,
      });
    }
    // 一事一策, and sometimes one measure serves several problems of an area.
    const unsettled = villageProblems.filter((p) => p.status === 'open' || p.status === 'rectifying');
    if (unsettled.length >= 2) {
      const shared = unsettled.slice(0, 2 + (rand() < 0.4 ? 1 : 0));
      const measureId = newId();
      measures.push({
        id: measureId,
        organization_id: v.id,
        org_path: v.path,
        description: '由村党支部书记牵头，统一制定整改计划，逐项明确整改时限，每周向包联组报告进展',
        owner_id: null,
        owner_name: `${pick(SURNAMES)}${pick(GIVEN)}`,
        due_on: addDays(today, 14),
        progress: 40,
        version: 1,
        created_by: secretary,
        created_at: day(-30, 11),
        updated_at: day(-30, 11),
      });
      for (const p of shared) links.push({ measure_id: measureId, problem_id: p.id });
    }
  }

  await inspections.insertChecklists(trx, checklists);
  await problemsRepo.insertMany(trx, problems);
  await inspections.insertResultsMany(trx, results);
  await problemsRepo.insertHistoryMany(trx, history);
  await problemsRepo.insertNotesMany(trx, notes);
  await measuresRepo.insertMany(trx, measures, links);
  await evidenceRepo.insertMany(trx, evidence);
  if (dataDir && evidence.length > 0) {
    const file = path.join(dataDir, 'files', sha.slice(0, 2), sha);
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, PHOTO);
    }
  }
  await seedOpenRound(trx, { versionId: version.id, items, villages, groups, members, officer: officer ?? admin, today, day });
  return { problems: problems.length, measures: measures.length };

  function photo(problemId: string, organizationId: string, by: string | null, at: string): EvidenceTable {
    return {
      id: newId(),
      sha256: sha,
      size: PHOTO.length,
      mime: 'image/png',
      original_name: '整改现场照片.png',
      organization_id: organizationId,
      problem_id: problemId,
      measure_id: null,
      note: null,
      uploaded_by: by,
      uploaded_at: at,
    };
  }
}

/** The villages of the demo's follow-up round: those of 第一包联组, the demo `liaison`'s group. */
const FOLLOW_UP_VILLAGES = ['大闵村', '良田村', '上庄村', '安家村'];

/**
 * A follow-up round (回头看) still open, so that the liaison member lands on
 * work to do: checklists of the first liaison group's villages, one not yet
 * started and the others part-way, every recorded item so far passing (it
 * finds no new problem, so the ledger's figures stay those of the first round).
 */
async function seedOpenRound(
  trx: Executor,
  s: {
    versionId: string;
    items: ReadonlyArray<{ id: string }>;
    villages: OrganizationRow[];
    groups: Map<string, string>;
    members: ReadonlyArray<{ group_id: string; user_id: string; seat: string }>;
    officer: string | null;
    today: string;
    day: (offset: number, hour?: number) => string;
  },
): Promise<void> {
  const villages = FOLLOW_UP_VILLAGES.flatMap((name) => s.villages.filter((v) => v.name === name));
  if (villages.length === 0) return;
  const roundId = newId();
  await inspections.insertRound(trx, {
    id: roundId,
    name: '2026年度规范化建设“回头看”复查',
    standard_version_id: s.versionId,
    period_start: addDays(s.today, -3),
    period_end: addDays(s.today, 11),
    status: 'open',
    created_by: s.officer,
    closed_at: null,
    version: 1,
    created_at: s.day(-4),
    updated_at: s.day(-4),
  });
  const checklists: InspectionChecklistsTable[] = [];
  const results: InspectionResultsTable[] = [];
  villages.forEach((v, i) => {
    const id = newId();
    // 0, 6, 12, 18 items recorded: the first village is still to start.
    const recorded = s.items.slice(0, i * 6);
    const groupId = s.groups.get(v.id) ?? null;
    const recorder = s.members.find((m) => m.group_id === groupId)?.user_id ?? null;
    checklists.push({
      id,
      round_id: roundId,
      organization_id: v.id,
      liaison_group_id: groupId,
      status: recorded.length ? 'in_progress' : 'pending',
      completed_at: null,
      version: recorded.length ? 2 : 1,
      created_at: s.day(-4),
      updated_at: recorded.length ? s.day(-1) : s.day(-4),
    });
    for (const item of recorded) {
      results.push({
        id: newId(),
        checklist_id: id,
        check_item_id: item.id,
        result: 'meets',
        note: null,
        problem_id: null,
        recorded_by: recorder,
        recorded_at: s.day(-1),
        version: 1,
      });
    }
  });
  await inspections.insertChecklists(trx, checklists);
  await inspections.insertResultsMany(trx, results);
}
