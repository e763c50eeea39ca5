import { createHash } from 'node:crypto';
import { buildPath } from '../src/domain/organizations.ts';
import type { ProblemStatus } from '../src/domain/problem-workflow.ts';
import { firstReminderOn } from '../src/domain/reminders.ts';
import { addDays, shanghaiDate, shanghaiDayStart } from '../src/domain/time.ts';
import type {
  CheckItemsTable,
  EvidenceTable,
  MeasureProblemsTable,
  MeasuresTable,
  OrganizationsTable,
  ProblemHistoryTable,
  ProblemsTable,
  ProgressNotesTable,
  RoleAssignmentsTable,
  StandardAreasTable,
  StandardsTable,
  StandardVersionsTable,
  UsersTable,
} from '../src/server/db/database.ts';
import { newId } from '../src/server/db/ids.ts';
import { CadenceRulesSchema } from '../src/domain/cadence-rules.ts';
import { DEMO_STANDARD_AREAS } from '../src/server/demo/demo-standard-data.ts';
import { GIVEN, MEASURE_FORMS, NOTES, PROBLEM_FORMS, random, SURNAMES } from '../src/server/demo/demo-text.ts';

/**
 * A province-scale ledger, generated row by row so that it never sits in
 * memory whole: one district-kind root, `subdistricts` subdistricts of
 * `villagesPerSubdistrict` villages, about 15 problems a village with the
 * demo's status mix, each with its history replayed (create, start, rejected
 * submissions, submit, accept, close, sometimes reopen and close again), a
 * progress note, one measure per problem plus shared measures, a photo for
 * the first submission and one on each shared measure. Deterministic apart from the UUIDs and "today".
 */

export interface Shape {
  subdistricts: number;
  villagesPerSubdistrict: number;
  /** Average problems per village (spread ±10 in pairs, so the total is exact). */
  problemsPerVillage: number;
}

/** 100 × 200 villages × 15 = 300,000 problems; `scale` shrinks the subdistrict count for quick trials. */
export function provinceShape(scale = 1): Shape {
  return { subdistricts: Math.max(1, Math.round(100 * scale)), villagesPerSubdistrict: 200, problemsPerVillage: 15 };
}

/** Tables in the order their foreign keys allow. */
export const BASE_TABLES = [
  'organizations',
  'users',
  'role_assignments',
  'standards',
  'standard_versions',
  'standard_areas',
  'check_items',
] as const;
export const LEDGER_TABLES = ['problems', 'problem_history', 'progress_notes', 'measures', 'measure_problems', 'evidence'] as const;

export interface BaseRows {
  organizations: OrganizationsTable[];
  users: UsersTable[];
  role_assignments: RoleAssignmentsTable[];
  standards: StandardsTable[];
  standard_versions: StandardVersionsTable[];
  standard_areas: StandardAreasTable[];
  check_items: CheckItemsTable[];
}

export interface LedgerRows {
  problems: ProblemsTable[];
  problem_history: ProblemHistoryTable[];
  progress_notes: ProgressNotesTable[];
  measures: MeasuresTable[];
  measure_problems: MeasureProblemsTable[];
  evidence: EvidenceTable[];
}

export const emptyLedgerRows = (): LedgerRows => ({
  problems: [],
  problem_history: [],
  progress_notes: [],
  measures: [],
  measure_problems: [],
  evidence: [],
});

const REJECT_REASON = '佐证材料不完整，请补充整改前后对比照片';
const ACCEPT_OPINION = '经现场查看，整改到位，验收合格';
const REOPEN_REASON = '回头看发现问题反弹，重新整改';
const PHOTO_SHA = createHash('sha256').update('bench-photo').digest('hex');
/** The default reminder steps (the bench never saves other cadence rules). */
const REMINDER_RULES = CadenceRulesSchema.parse({}).reminders;

export interface Village {
  id: string;
  path: string;
  secretaryId: string;
  verifierId: string;
}

export class LedgerDataset {
  readonly today: string;
  readonly rootId = newId();
  readonly rootPath: string;
  readonly adminId = newId();
  readonly officerId = newId();
  readonly villages: Village[] = [];
  private readonly rand = random(20261128);
  private readonly items: Array<{ id: string; title: string }> = [];
  private readonly dayStartMs: number;
  private readonly fixedAt: string;
  private seq = 0;

  constructor(
    readonly shape: Shape,
    now: Date,
    private readonly passwordHash: string,
  ) {
    this.today = shanghaiDate(now);
    this.dayStartMs = shanghaiDayStart(this.today).getTime();
    this.rootPath = buildPath(null, this.rootId);
    this.fixedAt = this.at(-200, 9 * 60);
  }

  get villageCount(): number {
    return this.shape.subdistricts * this.shape.villagesPerSubdistrict;
  }

  private int(n: number): number {
    return Math.floor(this.rand() * n);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  private person(): string {
    return `${this.pick(SURNAMES)}${this.pick(GIVEN)}`;
  }

  /** The instant `minutes` after Shanghai midnight, `dayOffset` days from today. */
  private at(dayOffset: number, minutes: number): string {
    return new Date(this.dayStartMs + dayOffset * 86_400_000 + minutes * 60_000).toISOString();
  }

  private date(dayOffset: number): string {
    return addDays(this.today, dayOffset);
  }

  /** Organizations, users with roles, and one published standard of 10 areas × 4 items. */
  base(): BaseRows {
    const at = this.fixedAt;
    const org = (
      id: string,
      parent: { id: string; path: string } | null,
      kind: string,
      name: string,
      code: string,
    ): OrganizationsTable => ({
      id,
      parent_id: parent?.id ?? null,
      kind,
      name,
      code,
      path: buildPath(parent?.path ?? null, id),
      depth: parent ? parent.path.split('/').length - 2 : 0,
      is_sample: 1,
      archived_at: null,
      version: 1,
      created_at: at,
      updated_at: at,
    });
    const user = (id: string, username: string, displayName: string): UsersTable => ({
      id,
      username,
      display_name: displayName,
      phone: null,
      email: null,
      password_hash: this.passwordHash,
      disabled_at: null,
      version: 1,
      created_at: at,
      updated_at: at,
    });
    const role = (userId: string, r: string, organizationId: string): RoleAssignmentsTable => ({
      id: newId(),
      user_id: userId,
      role: r,
      organization_id: organizationId,
      created_at: at,
    });

    const rows: BaseRows = {
      organizations: [],
      users: [],
      role_assignments: [],
      standards: [],
      standard_versions: [],
      standard_areas: [],
      check_items: [],
    };
    const root = org(this.rootId, null, 'district', '基准测试省（区级根）', 'BENCH');
    rows.organizations.push(root);
    rows.users.push(user(this.adminId, 'admin', '基准管理员'), user(this.officerId, 'officer', '区党群工作部'));
    rows.role_assignments.push(role(this.adminId, 'district_admin', root.id), role(this.officerId, 'district_officer', root.id));

    const { subdistricts, villagesPerSubdistrict } = this.shape;
    for (let s = 0; s < subdistricts; s++) {
      const sub = org(newId(), root, 'subdistrict', `第${s + 1}街道`, `S${String(s + 1).padStart(3, '0')}`);
      rows.organizations.push(sub);
      // The subdistrict's verifier: records problems and accepts or sends back rectifications.
      const verifierId = newId();
      rows.users.push(user(verifierId, `jd-${s + 1}`, this.person()));
      rows.role_assignments.push(role(verifierId, 'subdistrict_officer', sub.id));
      for (let v = 0; v < villagesPerSubdistrict; v++) {
        const village = org(newId(), sub, 'village', `第${s + 1}街道第${v + 1}村`, `${sub.code}-V${String(v + 1).padStart(3, '0')}`);
        rows.organizations.push(village);
        const secretaryId = newId();
        rows.users.push(user(secretaryId, `cun-${s + 1}-${v + 1}`, this.person()));
        rows.role_assignments.push(role(secretaryId, 'village_secretary', village.id));
        this.villages.push({ id: village.id, path: village.path, secretaryId, verifierId });
      }
    }

    const standardId = newId();
    const versionId = newId();
    rows.standards.push({ id: standardId, name: '基准测试标准', description: null, created_at: at, updated_at: at });
    rows.standard_versions.push({
      id: versionId,
      standard_id: standardId,
      version_no: 1,
      status: 'published',
      title: '基准测试标准（第1版）',
      notes: null,
      based_on_version_id: null,
      published_at: at,
      published_by: this.adminId,
      version: 1,
      created_at: at,
      updated_at: at,
    });
    for (let a = 0; a < 10; a++) {
      const demo = DEMO_STANDARD_AREAS[a % DEMO_STANDARD_AREAS.length]!;
      const areaId = newId();
      rows.standard_areas.push({ id: areaId, standard_version_id: versionId, code: `A${a + 1}`, name: demo.name, sort_order: a + 1 });
      for (let i = 0; i < 4; i++) {
        const item = demo.items[i % demo.items.length]!;
        const id = newId();
        rows.check_items.push({
          id,
          standard_version_id: versionId,
          area_id: areaId,
          code: `A${a + 1}.${i + 1}`,
          title: item.title,
          criterion: item.criterion,
          weight: item.weight,
          expected_evidence: item.evidence,
          applies_to: 'both',
          sort_order: i + 1,
        });
        this.items.push({ id, title: item.title });
      }
    }
    return rows;
  }

  private status(): ProblemStatus {
    const r = this.rand();
    return r < 0.2 ? 'closed' : r < 0.35 ? 'accepted' : r < 0.5 ? 'submitted' : r < 0.8 ? 'rectifying' : 'open';
  }

  /** Sent back 0–3 times before the current state (mean 1.5): the bulk of the history. */
  private rejections(): number {
    const r = this.rand();
    return r < 0.2 ? 0 : r < 0.5 ? 1 : r < 0.8 ? 2 : 3;
  }

  /** The ledger rows of the village at `index` (call `base()` first). */
  villageRows(index: number): LedgerRows {
    const v = this.villages[index]!;
    const out = emptyLedgerRows();
    // Pairs of villages get 15 ± k problems, so the total is exactly villages × 15.
    const k = index % 2 === 0 ? this.int(11) : -this.lastSpread;
    this.lastSpread = k;
    const count = this.shape.problemsPerVillage + k;
    const items = [...this.items].sort(() => this.rand() - 0.5).slice(0, count);
    const unsettled: string[] = [];

    for (const item of items) {
      this.seq += 1;
      const id = newId();
      const status = this.status();
      const foundDay = -150 + this.int(60);
      const dueOn = this.date(-60 + this.int(121));
      const createdAt = this.at(foundDay, 9 * 60 + this.int(60));
      const p: ProblemsTable = {
        id,
        code: `WT-B-${String(this.seq).padStart(7, '0')}`,
        organization_id: v.id,
        org_path: v.path,
        check_item_id: item.id,
        description: this.pick(PROBLEM_FORMS)(item.title),
        severity: this.rand() < 0.15 ? 'critical' : this.rand() < 0.4 ? 'major' : 'minor',
        source_round_id: null,
        source_group_id: null,
        found_on: this.date(foundDay),
        found_by: v.verifierId,
        owner_id: null,
        owner_name: this.person(),
        responsible_org_id: v.id,
        lead_official: this.person(),
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
        remind_on: null,
      };
      out.problem_history.push({
        id: newId(),
        problem_id: id,
        action: 'create',
        from_status: null,
        to_status: 'open',
        actor_id: v.verifierId,
        at: createdAt,
        reason: null,
        data: null,
      });

      let day = foundDay;
      let steps = 0;
      let photographed = false;
      const step = (action: string, from: ProblemStatus, to: ProblemStatus, actor: string, reason: string | null = null): string => {
        day = Math.min(day + 1 + this.int(4), -1);
        steps += 1;
        // Twenty minutes per step keeps the replay in order when steps share a day.
        const at = this.at(day, 9 * 60 + steps * 20);
        out.problem_history.push({
          id: newId(),
          problem_id: id,
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
      const submit = (): string => {
        const at = step('submit', 'rectifying', 'submitted', v.secretaryId);
        if (!photographed) {
          photographed = true;
          out.evidence.push({
            id: newId(),
            sha256: PHOTO_SHA,
            size: 68,
            mime: 'image/png',
            original_name: '整改现场照片.png',
            organization_id: v.id,
            problem_id: id,
            measure_id: null,
            note: null,
            uploaded_by: v.secretaryId,
            uploaded_at: at,
          });
        }
        return at;
      };
      const settle = () => {
        p.submitted_at = submit();
        p.accepted_at = step('accept', 'submitted', 'accepted', v.verifierId, ACCEPT_OPINION);
        p.accepted_by = v.verifierId;
        p.acceptance_opinion = ACCEPT_OPINION;
      };

      if (status !== 'open') {
        const startedAt = step('start', 'open', 'rectifying', v.secretaryId);
        out.progress_notes.push({
          id: newId(),
          problem_id: id,
          author_id: v.secretaryId,
          at: new Date(Date.parse(startedAt) + 60_000).toISOString(),
          text: this.pick(NOTES),
        });
        for (let r = this.rejections(); r > 0; r--) {
          submit();
          step('reject', 'submitted', 'rectifying', v.verifierId, REJECT_REASON);
        }
        if (status === 'submitted') p.submitted_at = submit();
        if (status === 'accepted' || status === 'closed') settle();
        if (status === 'closed') {
          p.closed_at = step('close', 'accepted', 'closed', this.officerId);
          p.closed_by = this.officerId;
          if (this.rand() < 0.3) {
            step('reopen', 'closed', 'rectifying', this.officerId, REOPEN_REASON);
            settle();
            p.closed_at = step('close', 'accepted', 'closed', this.officerId);
          }
        }
      }
      // The day the reminders job looks at it first, as if it had run every day since the problem was written.
      p.remind_on = status === 'submitted' ? shanghaiDate(new Date(p.submitted_at!)) : firstReminderOn({ status, dueOn }, REMINDER_RULES);
      out.problems.push(p);
      if (status === 'open' || status === 'rectifying') unsettled.push(id);

      const measureId = newId();
      const measureAt = this.at(foundDay + 1, 11 * 60);
      out.measures.push({
        id: measureId,
        organization_id: v.id,
        org_path: v.path,
        description: this.pick(MEASURE_FORMS)(item.title),
        owner_id: null,
        owner_name: p.owner_name,
        due_on: dueOn,
        progress: status === 'open' ? 0 : status === 'rectifying' ? 20 + this.int(7) * 10 : 100,
        version: 1,
        created_by: v.secretaryId,
        created_at: measureAt,
        updated_at: measureAt,
      });
      out.measure_problems.push({ measure_id: measureId, problem_id: id });
    }

    // 一事一策, and one or two measures a village that serve two or three unsettled problems each.
    const shared = index % 2 === 0 ? 1 : 2;
    for (let m = 0; m < shared && unsettled.length >= 2; m++) {
      const measureId = newId();
      const at = this.at(-30, 11 * 60 + m);
      out.measures.push({
        id: measureId,
        organization_id: v.id,
        org_path: v.path,
        description: '由村党支部书记牵头，统一制定整改计划，逐项明确整改时限，每周向包联组报告进展',
        owner_id: null,
        owner_name: this.person(),
        due_on: this.date(14),
        progress: 40,
        version: 1,
        created_by: v.secretaryId,
        created_at: at,
        updated_at: at,
      });
      const start = this.int(unsettled.length - 1);
      for (const problemId of unsettled.slice(start, start + 2 + this.int(2)))
        out.measure_problems.push({ measure_id: measureId, problem_id: problemId });
      // A photo on the shared measure: evidence that reaches its problems through measure_problems.
      out.evidence.push({
        id: newId(),
        sha256: PHOTO_SHA,
        size: 68,
        mime: 'image/png',
        original_name: '整改推进会照片.png',
        organization_id: v.id,
        problem_id: null,
        measure_id: measureId,
        note: null,
        uploaded_by: v.secretaryId,
        uploaded_at: this.at(-20, 15 * 60 + m),
      });
    }
    return out;
  }

  private lastSpread = 0;
}
