import { addMonths, chineseMonth, monthOf } from '../../domain/cadence.ts';
import { type CadenceRules, circularNumber } from '../../domain/cadence-rules.ts';
import { annexView } from '../../domain/circular-annex-excerpt.ts';
import { addDays, chineseDate, shanghaiDate, shanghaiDayStart } from '../../domain/time.ts';
import { type CircularAnnex, circularTitle, defaultSections } from '../../domain/circular-text.ts';
import type { InterviewReason } from '../../domain/interview-triggers.ts';
import type { OrganizationRow } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { Executor } from '../http/context.ts';
import { buildAnnex } from '../modules/circulars/circulars.service.ts';
import * as circulars from '../modules/circulars/circulars.repository.ts';
import * as interviews from '../modules/interviews/interviews.repository.ts';
import * as users from '../modules/users/users.repository.ts';

const HOUR_MS = 3_600_000;

/** The months whose circular the demo's office has published: see seedDemoCirculars. */
export function demoCircularMonths(now: Date, ledgerStartedAt: Date): string[] {
  const lastComplete = addMonths(monthOf(now), -1);
  const months: string[] = [];
  for (let m = monthOf(ledgerStartedAt); m < lastComplete; m = addMonths(m, 1)) months.push(m);
  return months;
}

/**
 * 一月一通报 in the demo: the district office (the demo's `officer`) has published the circular of every month of
 * the program before the last complete one, on time (the 6th of the following month, days before the rules' due
 * day), generated from the demo's own ledger, reports, venues and study as of that day. The last complete month's
 * circular is left to the officer: the 月度通报 page opens on that month, ready to generate, as an office does in
 * the first days of a month. A demo seeded after that month's due day therefore shows it as not yet published in
 * 跟踪督查到位, as it would be. Runs after the ledger and the public ledger are seeded (the circular's paper anchor is
 * the public ledger's head at its publication). The last village ranked in the latest of them is called in for an
 * interview (约谈) six days after its publication (seedDemoInterview). Returns how many were published.
 */
export async function seedDemoCirculars(
  trx: Executor,
  now: Date,
  district: OrganizationRow,
  ledgerStartedAt: Date,
  rules: CadenceRules,
): Promise<number> {
  const officer = await users.findUserIdWithRoleAt(trx, 'district_officer', district.id);
  const root = { id: district.id, path: district.path };
  const seqOfYear = new Map<number, number>();
  let count = 0;
  let latest: { month: string; annex: CircularAnnex; publishedAt: Date } | null = null;
  for (const month of demoCircularMonths(now, ledgerStartedAt)) {
    // Drafted on the 4th at 9:00, published on the 6th at 10:00 (Shanghai) of the next month; at most the rules' due day.
    const day = (d: number) => `${addMonths(month, 1)}-${String(Math.min(d, rules.circular.dueDay)).padStart(2, '0')}`;
    const draftedAt = new Date(shanghaiDayStart(day(4)).getTime() + 9 * HOUR_MS);
    const publishedAt = new Date(shanghaiDayStart(day(6)).getTime() + 10 * HOUR_MS);
    if (publishedAt.getTime() >= now.getTime()) continue;
    const annex = await buildAnnex(trx, month, publishedAt, root);
    const docDate = day(6);
    const year = Number(docDate.slice(0, 4));
    const seq = (seqOfYear.get(year) ?? 0) + 1;
    seqOfYear.set(year, seq);
    await circulars.insert(trx, {
      id: newId(),
      month,
      status: 'published',
      organization_id: district.id,
      org_path: district.path,
      title: circularTitle(month),
      issuing_office: rules.circular.issuingOffice,
      drafting_office: rules.circular.draftingOffice,
      number_prefix: rules.circular.numberPrefix,
      number_year: year,
      number_seq: seq,
      number: circularNumber(rules.circular.numberPrefix, year, seq),
      doc_date: docDate,
      body: JSON.stringify(defaultSections(annex)),
      annex: JSON.stringify(annex),
      annex_view: JSON.stringify(annexView(annex)),
      created_by: officer ?? null,
      published_at: publishedAt.toISOString(),
      published_by: officer ?? null,
      // Drafted (1) and published (2).
      version: 2,
      created_at: draftedAt.toISOString(),
      updated_at: publishedAt.toISOString(),
    });
    count++;
    latest = { month, annex, publishedAt };
  }
  if (latest && officer) await seedDemoInterview(trx, now, latest, officer);
  return count;
}

/**
 * 约谈 after a circular: the district office calls in the village ranked last in it, six days after publication,
 * at 10:00; held then (its talking points and commitments recorded, the commitments due a month later), or still
 * scheduled when that day has not come.
 */
async function seedDemoInterview(
  trx: Executor,
  now: Date,
  circular: { month: string; annex: CircularAnnex; publishedAt: Date },
  officer: string,
): Promise<void> {
  const last = circular.annex.ranking.villages.reduce<CircularAnnex['ranking']['villages'][number] | null>(
    (worst, r) => (worst === null || r.rank > worst.rank ? r : worst),
    null,
  );
  if (!last) return;
  const village = await trx
    .selectFrom('organizations as o')
    .leftJoin('organizations as p', 'p.id', 'o.parent_id')
    .select(['o.id', 'o.path', 'o.name', 'p.name as parent_name'])
    .where('o.name', '=', last.name)
    .where('o.kind', '=', 'village')
    .executeTakeFirst();
  const by = await trx.selectFrom('users').select('display_name').where('id', '=', officer).executeTakeFirst();
  if (!village || !by) return;
  const day = addDays(shanghaiDate(circular.publishedAt), 6);
  const scheduledAt = new Date(shanghaiDayStart(day).getTime() + 10 * HOUR_MS);
  const notifiedAt = new Date(circular.publishedAt.getTime() + 2 * HOUR_MS);
  const held = scheduledAt.getTime() + HOUR_MS < now.getTime();
  const heldAt = new Date(scheduledAt.getTime() + HOUR_MS);
  const of = circular.annex.ranking.villages.length;
  const reasons: InterviewReason[] = [{ code: 'ranking_tail', rank: last.rank, of }];
  await interviews.insert(trx, {
    id: newId(),
    organization_id: village.id,
    org_path: village.path,
    status: held ? 'held' : 'scheduled',
    month: circular.month,
    reasons: JSON.stringify(reasons),
    scheduled_at: scheduledAt.toISOString(),
    location: '区党群工作部三楼会议室',
    interviewer: `${by.display_name}（区党群工作部）`,
    attendees: `${village.name}党支部书记、村委会主任，${village.parent_name ?? '街道'}分管负责同志`,
    notice:
      `根据${chineseMonth(circular.month)}基层组织规范化建设推进情况通报，${village.name}综合排名第${last.rank}名（共${of}名），` +
      `处于末位。请村党组织书记于${chineseDate(day)}上午10时到区党群工作部三楼会议室接受约谈，并带整改推进情况书面材料。`,
    talking_points: held ? '逐项过问问题台账整改进度，指出整改措施不具体、推进不力；要求对照一村一策倒排工期，书记亲自抓、负总责。' : null,
    commitments: held ? '两周内完成制度类问题整改并申请验收；每周五18时前按时报送周报；活动场所整改方案本月报街道审核。' : null,
    commitment_due_on: held ? addDays(day, 30) : null,
    held_at: held ? heldAt.toISOString() : null,
    follow_up: null,
    closed_at: null,
    created_by: officer,
    version: held ? 2 : 1,
    created_at: notifiedAt.toISOString(),
    updated_at: (held ? heldAt : notifiedAt).toISOString(),
  });
}
