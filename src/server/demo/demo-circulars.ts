import { addMonths, monthOf, monthPeriod } from '../../domain/cadence.ts';
import { type CadenceRules, circularNumber } from '../../domain/cadence-rules.ts';
import { annexView } from '../../domain/circular-annex-excerpt.ts';
import { circularTitle, defaultSections } from '../../domain/circular-text.ts';
import { shanghaiDayStart } from '../../domain/time.ts';
import type { OrganizationRow } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { Executor } from '../http/context.ts';
import { buildAnnex } from '../modules/circulars/circulars.service.ts';
import * as circulars from '../modules/circulars/circulars.repository.ts';
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
 * the public ledger's head at its publication). Returns how many were published.
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
  for (const month of demoCircularMonths(now, ledgerStartedAt)) {
    const next = monthPeriod(addMonths(month, 1)).lastDay.slice(0, 8);
    // Drafted on the 4th at 9:00, published on the 6th at 10:00 (Shanghai); at most the rules' due day.
    const day = (d: number) => `${next}${String(Math.min(d, rules.circular.dueDay)).padStart(2, '0')}`;
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
  }
  return count;
}
