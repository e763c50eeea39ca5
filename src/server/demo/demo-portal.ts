import { VENUE_PROJECT_KIND_LABELS, type VenueProjectKind } from '../../domain/venue-project-workflow.ts';
import type { PublicEvent } from '../../domain/public-chain.ts';
import { addDays, shanghaiDate, shanghaiDayStart } from '../../domain/time.ts';
import type { FeedbackTable, OrganizationRow } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { Executor, ServiceContext } from '../http/context.ts';
import { paragraphs, summaryOf } from '../modules/articles/article-html.ts';
import * as articlesRepo from '../modules/articles/articles.repository.ts';
import * as feedbackRepo from '../modules/feedback/feedback.repository.ts';
import { loadMasker } from '../modules/portal/portal.mask.ts';
import * as portalRepo from '../modules/portal/portal.repository.ts';
import { appendPublicEvents } from '../modules/portal/public-chain.service.ts';
import * as publicationRepo from '../modules/portal/publication.repository.ts';
import * as users from '../modules/users/users.repository.ts';
import * as projectsRepo from '../modules/venues/venue-projects.repository.ts';
import { demoProgramYear } from './demo-calendar.ts';

/**
 * The public side of the demo (issue 12): work news written for the demo
 * (the study tour of 8 April to 华州区大明镇, the venue campaign, the ledger
 * posted in the villages, an evening school), a few villagers' feedback (two
 * published with replies, one waiting for moderation, one rejected), some
 * evidence photos chosen for publication, and the public ledger replayed from
 * the demo's history, oldest first, so that its entries carry the times the
 * things happened. Every text is written for the demo; people are fictional.
 */

interface DemoArticle {
  title: string;
  source: string;
  /** ISO instant of the time line. */
  at: string;
  tags: string[];
  villages: string[];
  views: number;
  body: string[];
}

function articles(today: string, at: (daysAgo: number, hour: number) => string): DemoArticle[] {
  const year = demoProgramYear(today);
  return [
    {
      title: '七十余名村干部赴华州区大明镇观摩学习',
      source: '区党群工作部',
      at: new Date(shanghaiDayStart(`${year}-04-08`).getTime() + 18.5 * 3_600_000).toISOString(),
      tags: ['两学一做', '观摩学习', '队伍建设'],
      villages: ['大闵村', '良田村', '张东村'],
      views: 312,
      body: [
        '4月8日，区党工委组织各街道分管负责同志和各村（社区）党组织书记、村委会主任共七十余人，赴华州区大明镇观摩学习村级党组织规范化建设的经验。',
        '观摩团先后走进大明镇的三个村，实地察看村级活动场所、便民服务大厅和党员活动室，翻阅村级档案台账，听取村党组织书记介绍“三会一课”落实、坐班值班和村务公开等方面的做法。',
        '座谈交流中，大家结合本村实际，对照规范化建设的十个方面逐项查找差距。不少村干部说，看了人家的阵地和台账，才知道自己差在哪里、该从哪里改起。',
        '区党群工作部负责同志要求，各村要把这次观摩的收获转化为整改的具体举措，在即将开展的集中排查中主动亮出问题，一项一项整改到位。',
      ],
    },
    {
      title: '集中排查发现的问题在各村公开栏亮出',
      source: '区党群工作部',
      at: at(32, 16),
      tags: ['问题台账', '公示', '群众监督'],
      villages: ['大闵村', '上庄村'],
      views: 240,
      body: [
        '对照规范化建设标准，各包联组逐村排查，16个村共查找问题242个，研究制定整改措施266项。',
        '各村“两委”会逐一核实后，问题台账连同整改措施、责任人和整改时限在村公开栏张贴。群众扫描公示海报上的二维码，就能在手机上查看每个问题的最新进展，也可以直接留言反映情况。',
        '“验收一个、合格一个、销号一个”。已销号的问题在台账上标注，超期未改的问题也如实显示，接受广大干部群众监督。',
      ],
    },
    {
      title: '良田办开设党员夜校 党员在家门口学党章',
      source: '良田办',
      at: at(20, 20),
      tags: ['两学一做', '党员教育'],
      villages: ['麻李村', '庙北村'],
      views: 86,
      body: [
        '良田办在各村开设党员夜校，每周二晚上集中学习，由街道干部和村党组织书记轮流授课。',
        '针对外出务工党员多、白天难集中的情况，各村把学习内容录音后通过村广播播放，外出党员还可以在手机上收听。',
        '学习之外，夜校还请党员认领村里的具体事项，把学习成效落到为群众办实事上。',
      ],
    },
    {
      title: '村级活动场所“清零行动”进展过半',
      source: '区党群工作部',
      at: at(10, 17),
      tags: ['清零行动', '阵地建设'],
      villages: ['良田村', '上庄村', '安家村', '大闵村'],
      views: 128,
      body: [
        '全区启动村级活动场所“清零行动”以来，对租用场所和面积不足200平方米的8个村逐村制定“一村一案”，区财政设立专项经费，按新建、扩建、改建分类推进。',
        '目前，良田村新建的活动场所已通过验收并投入使用；上庄村建设方案已获批准，室内装修正在进行；安家村已安装防盗窗，室外广场正在绿化硬化；大闵村扩建方案已报区财政局评审。',
        '区党群工作部每周统计各村进度，每月在通报中公布。对进度滞后的村，包联部门将上门督导，确保按期全部清零。',
      ],
    },
  ];
}

interface DemoFeedback {
  village: string;
  /** Attach to the village's first public problem of this area (null: the village itself). */
  area: string | null;
  kind: 'comment' | 'report';
  body: string;
  author: string | null;
  status: 'published' | 'pending' | 'rejected';
  reply?: string;
  reason?: string;
  daysAgo: number;
}

const FEEDBACK: DemoFeedback[] = [
  {
    village: '大闵村',
    area: '阵地建设',
    kind: 'comment',
    body: '希望活动室扩建以后，能给老年人留一个读书看报的地方。',
    author: '王大爷',
    status: 'published',
    reply: '已转告村“两委”，扩建方案中已预留阅览区，建成后向全体村民开放。',
    daysAgo: 6,
  },
  {
    village: '良田村',
    area: null,
    kind: 'comment',
    body: '新活动场所很宽敞，晚上来跳广场舞的人多了，建议在门口装几盏路灯。',
    author: null,
    status: 'published',
    reply: '路灯已列入村里下一步计划，预计下月安装。',
    daysAgo: 4,
  },
  {
    village: '上庄村',
    area: null,
    kind: 'report',
    body: '村务公开栏的内容有两个月没更新了，请村里及时更新。',
    author: '村民',
    status: 'pending',
    daysAgo: 1,
  },
  {
    village: '张东村',
    area: null,
    kind: 'comment',
    body: '招聘兼职，日结工资，详情加群咨询。',
    author: null,
    status: 'rejected',
    reason: '与台账无关的广告内容',
    daysAgo: 2,
  },
];

export async function seedDemoPortal(trx: Executor, ctx: ServiceContext, now: Date, byName: Map<string, OrganizationRow>): Promise<void> {
  const today = shanghaiDate(now);
  const at = (daysAgo: number, hour: number) =>
    new Date(shanghaiDayStart(addDays(today, -daysAgo)).getTime() + hour * 3_600_000).toISOString();
  const officer = (await users.findByUsername(trx, 'officer'))?.id ?? null;

  // 工作动态
  for (const a of articles(today, at)) {
    const id = newId();
    const body = paragraphs(...a.body);
    await articlesRepo.insert(trx, {
      id,
      title: a.title,
      source: a.source,
      status: 'published',
      published_at: a.at,
      body,
      summary: summaryOf(body),
      tags: JSON.stringify(a.tags),
      views: a.views,
      is_sample: 1,
      created_by: officer,
      published_by: officer,
      version: 2,
      created_at: a.at,
      updated_at: a.at,
    });
    await articlesRepo.replaceVillages(
      trx,
      id,
      a.villages.flatMap((name) => (byName.get(name) ? [byName.get(name)!.id] : [])),
    );
  }

  // The ledger's public history, then the feedback and photos on it.
  const problems = await portalRepo.listAllPublicProblems(trx);
  if (problems.length === 0) return;
  const masker = await loadMasker(trx);
  const events: Array<{ at: Date; event: PublicEvent }> = [];
  const byProblem = new Map(problems.map((p) => [p.id, p]));
  const ref = (p: (typeof problems)[number]) => ({
    village: { id: p.organization_id, name: p.organization_name },
    problem: { id: p.id, code: p.code },
  });
  for (const p of problems) {
    events.push({
      at: new Date(p.created_at),
      event: {
        type: 'problem.published',
        ...ref(p),
        area: p.area_name ?? '其他',
        description: masker.text(p.description),
        dueOn: p.due_on,
        status: 'open',
      },
    });
  }
  for (const h of await portalRepo.listHistoryOfPublicProblems(trx)) {
    const p = byProblem.get(h.problem_id);
    if (p && h.from_status) {
      events.push({ at: new Date(h.at), event: { type: 'problem.status_changed', ...ref(p), from: h.from_status, to: h.to_status } });
    }
  }
  for (const n of await portalRepo.listNotesOfPublicProblems(trx)) {
    const p = byProblem.get(n.problem_id);
    if (p) events.push({ at: new Date(n.at), event: { type: 'problem.progress_posted', ...ref(p), text: masker.text(n.text) } });
  }

  for (const f of FEEDBACK) {
    const village = byName.get(f.village);
    if (!village) continue;
    const problem = f.area ? problems.find((p) => p.organization_id === village.id && p.area_name === f.area) : undefined;
    const created = at(f.daysAgo, 9);
    const moderated = f.status === 'pending' ? null : at(f.daysAgo, 15);
    const row: FeedbackTable = {
      id: newId(),
      organization_id: village.id,
      org_path: village.path,
      problem_id: problem?.id ?? null,
      kind: f.kind,
      body: f.body,
      public_body: null,
      author_name: f.author,
      status: f.status,
      reply: f.reply ?? null,
      replied_at: f.reply ? moderated : null,
      replied_by: f.reply ? officer : null,
      reject_reason: f.reason ?? null,
      moderated_at: moderated,
      moderated_by: moderated ? officer : null,
      published_at: f.status === 'published' ? moderated : null,
      converted_problem_id: null,
      version: f.status === 'pending' ? 1 : 2,
      created_at: created,
      updated_at: moderated ?? created,
    };
    await feedbackRepo.insert(trx, row);
    if (f.status === 'published') {
      events.push({
        at: new Date(moderated!),
        event: {
          type: 'feedback.published',
          village: { id: village.id, name: village.name },
          feedbackId: row.id,
          problem: problem ? { id: problem.id, code: problem.code } : null,
          text: masker.text(f.body),
          reply: f.reply ? masker.text(f.reply) : null,
        },
      });
    }
  }

  // Photos chosen for publication: those of the problems settled in two villages.
  const photoVillages = ['良田村', '大闵村'].flatMap((n) => (byName.get(n) ? [byName.get(n)!.id] : []));
  for (const e of await portalRepo.listDemoPhotos(trx, photoVillages)) {
    await publicationRepo.upsert(trx, { evidence_id: e.id, caption: '整改后现场照片', published_at: e.uploaded_at, published_by: officer });
  }

  // The venue campaign's cleared venues and the villages confirmed 达标.
  for (const p of await projectsRepo.listAll(trx)) {
    if (p.status !== 'accepted' || !p.accepted_at) continue;
    events.push({
      at: new Date(p.accepted_at),
      event: {
        type: 'venue.cleared',
        village: { id: p.organization_id, name: p.organization_name },
        venue: { id: p.venue_id, name: p.venue_name },
        projectKind: VENUE_PROJECT_KIND_LABELS[p.kind as VenueProjectKind]?.zh ?? null,
        clearedOn: shanghaiDate(new Date(p.accepted_at)),
      },
    });
  }
  for (const a of await portalRepo.listConfirmedAttainments(trx)) {
    if (!a.decided_at) continue;
    events.push({
      at: new Date(a.decided_at),
      event: {
        type: 'village.attained',
        village: { id: a.organization_id, name: a.organization_name },
        round: a.round_name,
        confirmedOn: a.confirmed_on ?? shanghaiDate(new Date(a.decided_at)),
        score: null,
      },
    });
  }

  events.sort((x, y) => x.at.getTime() - y.at.getTime());
  await appendPublicEvents(trx, ctx.db, events);
}
