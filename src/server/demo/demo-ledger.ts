import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { problemCode, problemCodePrefix } from '../../domain/problem-codes.ts';
import type { ProblemStatus } from '../../domain/problem-workflow.ts';
import { addDays, shanghaiDate, shanghaiDayStart } from '../../domain/time.ts';
import { buildPlanContent, defaultClosing, defaultPreamble, planTitle } from '../../domain/village-plan.ts';
import type {
  EvidenceTable,
  InspectionChecklistsTable,
  InspectionResultsTable,
  MeasuresTable,
  OrganizationRow,
  ReviewOutcomesTable,
  VillagePlansTable,
  VillageReviewsTable,
} from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { Executor } from '../http/context.ts';
import * as evidenceRepo from '../modules/evidence/evidence.repository.ts';
import * as inspections from '../modules/inspections/inspections.repository.ts';
import * as liaisonGroups from '../modules/liaison-groups/liaison-groups.repository.ts';
import * as measuresRepo from '../modules/measures/measures.repository.ts';
import * as plansRepo from '../modules/plans/plans.repository.ts';
import * as problemsRepo from '../modules/problems/problems.repository.ts';
import * as reviewsRepo from '../modules/reviews/reviews.repository.ts';
import * as users from '../modules/users/users.repository.ts';
import { demoProgramYear, demoRectificationDaysLeft, ROUND_CLOSED_OFFSET, ROUND_START_OFFSET } from './demo-calendar.ts';
import { AREA_SHARED_MEASURES, GIVEN, ITEM_TEXTS, MEASURE_FORMS, NOTES, PROBLEM_FORMS, random, SURNAMES } from './demo-text.ts';
import { DEMO_VENUE_PROBLEMS, VENUE_AREA_CODE, VENUE_DONE_VILLAGE, VENUE_ITEM_CODE } from './demo-venue-problems.ts';
import { seedDemoVisits } from './demo-visits.ts';

/**
 * The demo ledger: one finished inspection round over the 16 villages that
 * found exactly 242 problems, with exactly 266 measures (the source's
 * figures), in mixed states with deadlines relative to today (some overdue,
 * some due soon, some closed). Each problem is written from its check item;
 * the venue problems are those of the source (demo-venue-problems.ts). Every
 * village but 上庄村 has had its 村"两委"会 review (all problems confirmed,
 * the measures drafted there) and an approved 一村一策 plan (安家村's still a
 * draft); 上庄村's review is left for the liaison group to record.
 * Deterministic: the same day gives the same ledger, and every day the same
 * totals.
 */
export const DEMO_PROBLEM_TOTAL = 242;
export const DEMO_MEASURE_TOTAL = 266;
/** The village whose 两委会 review is still to be recorded (the browser journey records it). */
export const REVIEW_PENDING_VILLAGE = '上庄村';
/** The village whose plan awaits the group's approval. */
const PLAN_DRAFT_VILLAGE = '安家村';

/** A real 1×1 PNG standing in for the photos villages upload. */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const SHARED_FALLBACK = '由村党支部书记牵头，统一制定整改计划，逐项明确整改时限，每周向包联组报告进展';

interface Seeded {
  problems: number;
  measures: number;
}

/**
 * How many problems each village has: drawn between 11 and 19, then moved one
 * at a time (round the villages) until they total `total`, within [min, max].
 */
export function spreadProblems(draws: readonly number[], total: number, max: readonly number[], min = 10): number[] {
  const counts = draws.map((d, i) => Math.min(max[i]!, Math.max(min, d)));
  let diff = total - counts.reduce((a, b) => a + b, 0);
  for (let i = 0, idle = 0; diff !== 0 && idle < counts.length * 2; i = (i + 1) % counts.length) {
    if (diff > 0 && counts[i]! < max[i]!) {
      counts[i]! += 1;
      diff -= 1;
      idle = 0;
    } else if (diff < 0 && counts[i]! > min) {
      counts[i]! -= 1;
      diff += 1;
      idle = 0;
    } else idle += 1;
  }
  return counts;
}

interface VillageProblem {
  id: string;
  code: string;
  itemCode: string;
  areaCode: string;
  status: ProblemStatus;
  progress: number;
  dueOn: string;
  /** Which of the item's two texts it uses (its first measure uses the same one). */
  variant: 0 | 1;
  venue: boolean;
  ownerName: string | null;
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
  const itemOrder = new Map(items.map((i, n) => [i.id, n]));
  const areaOrder = new Map([...new Set(items.map((i) => i.area_code))].map((code, n) => [code, n]));
  const rand = random(Date.parse(shanghaiDate(now)) / 86_400_000);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const today = shanghaiDate(now);
  const year = demoProgramYear(today);
  const day = (offset: number, hour = 10) =>
    new Date(shanghaiDayStart(addDays(today, offset)).getTime() + hour * 3_600_000 + Math.floor(rand() * 3_000_000)).toISOString();
  const fixedAt = now.toISOString();
  // No deadline after the round's 集中整改期 (the venue campaign ends with it too: demo-venues.ts).
  const lastDueOffset = demoRectificationDaysLeft(today);

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
  const groupNames = new Map((await liaisonGroups.listGroups(trx, true)).map((g) => [g.id, g.name] as const));
  const memberAt = (villageId: string, seat: string) =>
    members.find((m) => m.group_id === groups.get(villageId) && m.seat === seat)?.user_id ?? members[0]?.user_id ?? null;
  const verifier = (villageId: string) => memberAt(villageId, 'department');
  const officer = (await users.findByUsername(trx, 'officer'))?.id ?? null;
  const admin = (await users.findByUsername(trx, 'admin'))?.id ?? null;

  const roundId = newId();
  await inspections.insertRound(trx, {
    id: roundId,
    name: `${year}年度村级党组织规范化建设集中排查`,
    standard_version_id: version.id,
    period_start: addDays(today, ROUND_START_OFFSET),
    period_end: addDays(today, ROUND_START_OFFSET + 10),
    status: 'closed',
    created_by: officer ?? admin,
    closed_at: day(ROUND_CLOSED_OFFSET),
    version: 2,
    created_at: day(ROUND_START_OFFSET - 1),
    updated_at: day(ROUND_CLOSED_OFFSET),
  });

  const checklists: InspectionChecklistsTable[] = [];
  const results: InspectionResultsTable[] = [];
  const problems: problemsRepo.NewProblemRow[] = [];
  const history: Array<Parameters<typeof problemsRepo.insertHistory>[1]> = [];
  const notes: Array<Parameters<typeof problemsRepo.insertNote>[1]> = [];
  const measures: MeasuresTable[] = [];
  const links: Array<{ measure_id: string; problem_id: string }> = [];
  const evidence: EvidenceTable[] = [];
  const reviews: VillageReviewsTable[] = [];
  const outcomes: ReviewOutcomesTable[] = [];
  const plans: VillagePlansTable[] = [];
  const sha = createHash('sha256').update(PHOTO).digest('hex');
  const perMonth = new Map<string, number>();
  const nextCode = (recordedOn: string) => {
    const prefix = problemCodePrefix(recordedOn);
    const n = (perMonth.get(prefix) ?? 0) + 1;
    perMonth.set(prefix, n);
    return problemCode(prefix, n);
  };

  // Which items may fail where: the venue item only where the source has a venue problem; nothing of 阵地建设
  // left open at 良田村 (its venue is rebuilt and in use).
  const allowedItems = (v: OrganizationRow) =>
    items.filter((i) =>
      i.code === VENUE_ITEM_CODE ? v.name in DEMO_VENUE_PROBLEMS : !(v.name === VENUE_DONE_VILLAGE && i.area_code === VENUE_AREA_CODE),
    );
  const counts = spreadProblems(
    villages.map(() => 11 + Math.floor(rand() * 9)),
    DEMO_PROBLEM_TOTAL,
    villages.map((v) => allowedItems(v).length),
  );
  const byVillage = new Map<string, VillageProblem[]>();
  const reviewOf = new Map<string, VillageReviewsTable>();

  for (const [villageIndex, v] of villages.entries()) {
    // Villages differ in pace, so red, amber and green all show: a quarter lag (long overdue work), half are
    // a little behind (recently overdue), a quarter keep every deadline.
    const pace = villageIndex % 4 === 0 ? 'lagging' : villageIndex % 4 === 3 ? 'keeping' : 'behind';
    const earliestOpenDue = pace === 'lagging' ? -25 : pace === 'behind' ? -12 : 0;
    const checklistId = newId();
    const secretary = secretaries.get(v.id) ?? null;
    const liaison = verifier(v.id);
    const venue = DEMO_VENUE_PROBLEMS[v.name];
    checklists.push({
      id: checklistId,
      round_id: roundId,
      organization_id: v.id,
      liaison_group_id: groups.get(v.id) ?? null,
      status: 'done',
      completed_at: day(-36),
      version: 3,
      created_at: day(ROUND_START_OFFSET - 1),
      updated_at: day(-36),
    });
    const allowed = allowedItems(v);
    const forced = allowed.filter((i) => i.code === VENUE_ITEM_CODE);
    const failing = new Set(
      [
        ...forced,
        ...allowed
          .filter((i) => i.code !== VENUE_ITEM_CODE)
          .sort(() => rand() - 0.5)
          .slice(0, counts[villageIndex]! - forced.length),
      ].map((i) => i.id),
    );
    // The 两委会 meets after the checklist is done (day -36) and the round closes (day -34).
    const reviewed = v.name !== REVIEW_PENDING_VILLAGE;
    const heldOn = addDays(today, -33 + (villageIndex % 2));
    if (reviewed) {
      const review: VillageReviewsTable = {
        id: newId(),
        checklist_id: checklistId,
        round_id: roundId,
        organization_id: v.id,
        org_path: v.path,
        liaison_group_id: groups.get(v.id) ?? null,
        held_on: heldOn,
        place: `${v.name}村委会会议室`,
        attendees: `村“两委”成员，${groupNames.get(groups.get(v.id) ?? '') ?? '包联组'}全体成员，党员代表3名`,
        minutes: '',
        created_by: memberAt(v.id, 'party_office'),
        version: 2,
        created_at: day(addDaysOffset(heldOn, today), 16),
        updated_at: day(addDaysOffset(heldOn, today), 17),
      };
      reviews.push(review);
      reviewOf.set(v.id, review);
    }
    const villageProblems: VillageProblem[] = [];
    byVillage.set(v.id, villageProblems);
    for (const item of items) {
      const foundDay = ROUND_START_OFFSET + Math.floor(rand() * 9);
      let problemId: string | null = null;
      if (failing.has(item.id)) {
        problemId = newId();
        const isVenue = item.code === VENUE_ITEM_CODE && venue !== undefined;
        const r = rand();
        const drawn: ProblemStatus = r < 0.22 ? 'closed' : r < 0.35 ? 'accepted' : r < 0.5 ? 'submitted' : r < 0.8 ? 'rectifying' : 'open';
        // The village still awaiting its 两委会 keeps its first two findings untouched (待整改): the meeting may yet dispute them.
        const awaitingReview = !reviewed && !isVenue && villageProblems.filter((x) => !x.venue).length < 2;
        const status: ProblemStatus = isVenue ? venue.status : awaitingReview ? 'open' : drawn;
        const rejectedOnce = status !== 'open' && status !== 'rectifying' ? rand() < 0.15 : status === 'rectifying' && rand() < 0.2;
        // Deadlines: settled ones mostly passed; open work spread from overdue to the 集中整改期's last day.
        const dueOffset =
          isVenue && venue.dueOffset !== null
            ? venue.dueOffset === 'campaign'
              ? lastDueOffset
              : venue.dueOffset
            : status === 'closed' || status === 'accepted'
              ? -20 + Math.floor(rand() * 25)
              : earliestOpenDue + Math.floor(rand() * (lastDueOffset + 1 - earliestOpenDue));
        const dueOn = addDays(today, dueOffset);
        const createdAt = day(foundDay, 9);
        const variant: 0 | 1 = isVenue ? (venue.kind === 'rented' ? 0 : 1) : rand() < 0.5 ? 0 : 1;
        const texts = ITEM_TEXTS[item.code];
        const p: problemsRepo.NewProblemRow = {
          id: problemId,
          // Numbered in the month it was recorded (the round's days), as the ledger numbers a problem.
          code: nextCode(shanghaiDate(new Date(createdAt))),
          organization_id: v.id,
          org_path: v.path,
          check_item_id: item.id,
          description: isVenue ? venue.problem : (texts?.problems[variant] ?? pick(PROBLEM_FORMS)(item.title)),
          severity: isVenue ? 'critical' : rand() < 0.15 ? 'critical' : rand() < 0.4 ? 'major' : 'minor',
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
            text: isVenue ? venue.note : pick(NOTES),
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
        const progress = isVenue
          ? venue.progress
          : status === 'open'
            ? 0
            : status === 'rectifying'
              ? 20 + Math.floor(rand() * 7) * 10
              : 100;
        villageProblems.push({
          id: problemId,
          code: p.code,
          itemCode: item.code,
          areaCode: item.area_code,
          status,
          progress,
          dueOn,
          variant,
          venue: isVenue,
          ownerName: p.owner_name,
        });
        addMeasure(v, [problemId], isVenue ? venue.measure : (texts?.measures[variant] ?? pick(MEASURE_FORMS)(item.title)), {
          ownerName: p.owner_name,
          dueOn,
          progress,
          foundDay,
        });
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
  }

  // 一事一策, and in every village one measure serving several problems of an area (the venue problem keeps its own).
  for (const v of villages) {
    const list = (byVillage.get(v.id) ?? []).filter((p) => !p.venue);
    const unsettled = list.filter((p) => p.status === 'open' || p.status === 'rectifying');
    const pool = unsettled.length >= 2 ? unsettled : list;
    if (pool.length < 2) continue;
    const byArea = new Map<string, VillageProblem[]>();
    for (const p of pool) byArea.set(p.areaCode, [...(byArea.get(p.areaCode) ?? []), p]);
    const area = [...byArea.entries()].find(([, ps]) => ps.length >= 2);
    const served = area ? area[1].slice(0, 3) : pool.slice(0, 2 + (rand() < 0.4 ? 1 : 0));
    const settled = served.every((p) => p.status !== 'open' && p.status !== 'rectifying');
    addMeasure(
      v,
      served.map((p) => p.id),
      (area && AREA_SHARED_MEASURES[area[0]]) || SHARED_FALLBACK,
      {
        ownerName: `${pick(SURNAMES)}${pick(GIVEN)}`,
        dueOn: settled ? served[0]!.dueOn : addDays(today, 14),
        progress: settled ? 100 : 40,
        foundDay: -30,
      },
    );
  }
  // Some problems need a second measure (the item's other remedy), until the measures total DEMO_MEASURE_TOTAL.
  const seconds = villages
    .flatMap((v) => (byVillage.get(v.id) ?? []).filter((p) => !p.venue).map((p) => ({ v, p, order: rand() })))
    .sort((a, b) => a.order - b.order)
    .slice(0, Math.max(0, DEMO_MEASURE_TOTAL - measures.length));
  for (const { v, p } of seconds) {
    const text = ITEM_TEXTS[p.itemCode]?.measures[p.variant === 0 ? 1 : 0] ?? SHARED_FALLBACK;
    addMeasure(v, [p.id], text, { ownerName: p.ownerName, dueOn: p.dueOn, progress: p.progress, foundDay: -30 });
  }

  // The 两委会 confirmed every problem; the record says so, and the approved 一村一策 follows it.
  const standardTitle = version.title;
  for (const v of villages) {
    const review = reviewOf.get(v.id);
    if (!review) continue;
    const list = byVillage.get(v.id) ?? [];
    const mine = measures.filter((m) => m.organization_id === v.id);
    review.minutes =
      `包联组通报了本村集中排查发现的${list.length}个问题。村“两委”会对照规范化标准逐一核实研究，` +
      `一致认为问题属实，研究提出整改措施${mine.length}项，逐项明确责任人和整改时限，形成一村一策整改方案。`;
    for (const p of list)
      outcomes.push({
        id: newId(),
        review_id: review.id,
        problem_id: p.id,
        outcome: 'confirmed',
        reason: null,
        recorded_by: review.created_by,
        recorded_at: review.created_at,
      });
    const byId = new Map(problems.map((p) => [p.id, p]));
    const content = buildPlanContent(
      list.map((vp) => {
        const p = byId.get(vp.id)!;
        const item = items.find((i) => i.code === vp.itemCode)!;
        return {
          id: p.id,
          code: p.code,
          description: p.description,
          leadOfficial: p.lead_official,
          ownerName: p.owner_name,
          responsibleUnit: v.name,
          dueOn: p.due_on,
          checkItemCode: item.code,
          checkItemTitle: item.title,
          checkItemOrder: itemOrder.get(item.id) ?? null,
          areaCode: item.area_code,
          areaName: item.area_name,
          areaOrder: areaOrder.get(item.area_code) ?? null,
        };
      }),
      mine.map((m) => ({
        id: m.id,
        description: m.description,
        ownerName: m.owner_name,
        dueOn: m.due_on,
        createdAt: m.created_at,
        problemIds: links.filter((l) => l.measure_id === m.id).map((l) => l.problem_id),
      })),
      addDays(review.held_on, 2),
      0,
    );
    const draft = v.name === PLAN_DRAFT_VILLAGE;
    const approver = memberAt(v.id, 'party_office');
    plans.push({
      id: newId(),
      review_id: review.id,
      organization_id: v.id,
      org_path: v.path,
      version_no: 1,
      status: draft ? 'draft' : 'approved',
      title: planTitle(v.name),
      preamble: defaultPreamble({
        villageName: v.name,
        groupName: groupNames.get(review.liaison_group_id ?? '') ?? null,
        noticeTitle: version.notice_title ?? null,
        standardTitle,
        reviewHeldOn: review.held_on,
        totals: content.totals,
      }),
      closing: defaultClosing(),
      content: JSON.stringify(content),
      approved_at: draft ? null : day(addDaysOffset(review.held_on, today) + 2, 15),
      approved_by: draft ? null : approver,
      created_by: approver,
      version: draft ? 1 : 2,
      created_at: day(addDaysOffset(review.held_on, today) + 1, 15),
      updated_at: day(addDaysOffset(review.held_on, today) + 2, 15),
    });
  }

  await inspections.insertChecklists(trx, checklists);
  await problemsRepo.insertMany(trx, problems);
  await inspections.insertResultsMany(trx, results);
  await problemsRepo.insertHistoryMany(trx, history);
  await problemsRepo.insertNotesMany(trx, notes);
  for (const r of reviews) await reviewsRepo.insert(trx, r);
  await reviewsRepo.insertOutcomesMany(trx, outcomes);
  await measuresRepo.insertMany(trx, measures, links);
  for (const p of plans) await plansRepo.insert(trx, p);
  await evidenceRepo.insertMany(trx, evidence);
  if (dataDir && evidence.length > 0) {
    const file = path.join(dataDir, 'files', sha.slice(0, 2), sha);
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, PHOTO);
    }
  }
  await seedOpenRound(trx, { versionId: version.id, items, villages, groups, members, officer: officer ?? admin, today, day, year });
  await seedDemoVisits(trx, { villages, officer: officer ?? admin, today, day });
  return { problems: problems.length, measures: measures.length };

  /**
   * A measure serving `problemIds` of village `v`: drafted at the village's 两委会 (linked to it, by the group's
   * department member) when the village has had it, else by the secretary the day after the finding.
   */
  function addMeasure(
    v: OrganizationRow,
    problemIds: string[],
    description: string,
    m: { ownerName: string | null; dueOn: string; progress: number; foundDay: number },
  ): void {
    const review = reviewOf.get(v.id);
    const at = review ? review.created_at : day(m.foundDay + 1, 11);
    const measureId = newId();
    measures.push({
      id: measureId,
      organization_id: v.id,
      org_path: v.path,
      description,
      owner_id: null,
      owner_name: m.ownerName,
      due_on: m.dueOn,
      progress: m.progress,
      review_id: review?.id ?? null,
      version: 1,
      created_by: review ? verifier(v.id) : (secretaries.get(v.id) ?? null),
      created_at: at,
      updated_at: at,
    });
    for (const problemId of problemIds) links.push({ measure_id: measureId, problem_id: problemId });
  }

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

/** Days from `today` to `date` (negative in the past). */
function addDaysOffset(date: string, today: string): number {
  return Math.round((Date.parse(date) - Date.parse(today)) / 86_400_000);
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
    year: number;
  },
): Promise<void> {
  const villages = FOLLOW_UP_VILLAGES.flatMap((name) => s.villages.filter((v) => v.name === name));
  if (villages.length === 0) return;
  const roundId = newId();
  await inspections.insertRound(trx, {
    id: roundId,
    name: `${s.year}年度规范化建设“回头看”复查`,
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
