import { type AnnexCut, type AnnexTableKey, annexCutText } from '../../../domain/circular-annex-excerpt.ts';
import { chineseDate, SHANGHAI_OFFSET_MS, shanghaiDate } from '../../../domain/time.ts';
import { CIRCULAR_ANNEX_TITLES, CIRCULAR_OVERDUE_TASKS_TITLE, circularImprintParts } from '../../../domain/circular-text.ts';
import type { CircularDetail } from '../../../domain/contracts/circulars.ts';
import { FEEDBACK_BODY_MAX, FEEDBACK_KIND_LABELS, FEEDBACK_NAME_MAX, type FeedbackKind } from '../../../domain/contracts/feedback.ts';
import type { ChainHead } from '../../../domain/hash-chain.ts';
import { headText, shortHash } from '../../../domain/public-chain.ts';
import { type Html, html, type Interpolation, trusted } from './portal.html.ts';
import type {
  ArticleCard,
  ArticleView,
  ChainEntryView,
  ChainView,
  CircularCard,
  Figures,
  HomeView,
  NewsListView,
  PublicFeedback,
  PublicProblem,
  Standing,
  SubdistrictSummary,
  VillageSummary,
  VillageView,
} from './portal.service.ts';

/**
 * The portal's pages as HTML strings: plain markup, no inline script or
 * style attribute (the CSP allows scripts from our origin only), one
 * stylesheet and one small script for the enhancements. Everything shown was
 * masked by the service before it gets here; the templates escape it.
 */

export interface PortalAssets {
  css: string;
  js: string;
  verify: string;
}

export interface PageFrame {
  assets: PortalAssets;
  /** 大字 is on (from the tz_font cookie). */
  large: boolean;
  /** The path and query of this page (the 大字 link comes back to it). */
  self: string;
  head: ChainHead;
  districtName: string;
}

type Nav = 'home' | 'news' | 'circulars' | 'chain' | null;

/** "2016-05-25 15:04" in Shanghai time. */
export function shanghaiDateTime(iso: string | null): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

function fontToggle(f: PageFrame): Html {
  const next = f.large ? 'normal' : 'large';
  return html`<a
    class="font-toggle"
    href="/public/prefs?font=${next}&amp;back=${encodeURIComponent(f.self)}"
    data-font-toggle
    data-label-on="标准字"
    data-label-off="大字"
    aria-pressed="${f.large ? 'true' : 'false'}"
    >${f.large ? '标准字' : '大字'}</a
  >`;
}

function layout(f: PageFrame, o: { title: string; nav: Nav; body: Interpolation; scripts?: Html; description?: string }): string {
  const current = (n: Nav) => (o.nav === n ? html` aria-current="page"` : '');
  const site = `${f.districtName || ''}基层组织规范化建设公开台账`;
  return `<!doctype html>${
    html`<html lang="zh-CN" class="${f.large ? 'large' : ''}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${o.title} · ${site}</title>
        <meta name="description" content="${o.description ?? site}" />
        <meta name="referrer" content="same-origin" />
        <link rel="stylesheet" href="${f.assets.css}" />
        <script src="${f.assets.js}" defer></script>
        ${o.scripts ?? ''}
      </head>
      <body>
        <header class="site-header">
          <div class="wrap">
            <a class="site-title" href="/public/">${site}</a>
            <nav class="site-nav" aria-label="栏目">
              <a href="/public/" ${current('home')}>首页</a>
              <a href="/public/news" ${current('news')}>工作动态</a>
              <a href="/public/circulars" ${current('circulars')}>通报</a>
              <a href="/public/chain" ${current('chain')}>核验台账</a>
            </nav>
            ${fontToggle(f)}
          </div>
        </header>
        <main class="wrap" id="main">${o.body}</main>
        <footer class="site-footer">
          <div class="wrap">
            <p>
              公开台账链头：<a href="/public/chain" class="hash" data-chain-head="${f.head.seq}">${headText(f.head)}</a>。
              任何人都可以下载全部记录，自行核验是否被改动过。
            </p>
            <p>本网站公开的个人信息均已隐去（姓名只显示姓氏，电话号码不予公开）。</p>
          </div>
        </footer>
      </body>
    </html>`.value
  }`;
}

// ── Pieces ───────────────────────────────────────────────────────────────────

/**
 * A place's public figures, with the same words everywhere: 尚未完成 (not yet accepted: to start, being fixed or
 * awaiting acceptance; "正在整改" read as if all had been started) and 已整改验收 (accepted or closed).
 */
function figureList(fig: Figures, extra: Interpolation = ''): Html {
  return html`<ul class="figures">
    <li><b>${fig.found}</b>查出问题</li>
    <li><b>${fig.fixing}</b>尚未完成</li>
    <li><b>${fig.done}</b>已整改验收</li>
    ${fig.overdue !== null ? html`<li><b>${fig.overdue}</b>超期未改</li>` : ''} ${extra}
  </ul>`;
}

function statusBadge(p: Pick<PublicProblem, 'status' | 'statusLabel' | 'overdue'>): Html {
  const tone = p.status === 'closed' || p.status === 'accepted' ? 'ok' : p.status === 'submitted' ? 'info' : 'warn';
  return html`<span class="badge ${tone}">${p.statusLabel}</span>${p.overdue ? html` <span class="badge bad">已超期</span>` : ''}`;
}

function standingBadge(s: Standing | null): Html | '' {
  if (!s) return '';
  return s.attained ? html`<span class="badge ok">已达标</span>` : html`<span class="badge">${s.state}</span>`;
}

function feedbackItems(list: readonly PublicFeedback[]): Html | '' {
  if (list.length === 0) return '';
  return html`<ul class="feedback-list">
    ${list.map(
      (f) =>
        html`<li id="feedback-${f.id}">
          <div>
            <span class="badge">${FEEDBACK_KIND_LABELS[f.kind as FeedbackKind]?.zh ?? ''}</span>
            <b>${f.author}</b> <span class="muted small">${shanghaiDateTime(f.publishedAt)}</span>
          </div>
          <p>${f.body}</p>
          ${
            f.reply
              ? html`<div class="reply"><b>答复：</b>${f.reply} <span class="muted small">${shanghaiDateTime(f.repliedAt)}</span></div>`
              : ''
          }
        </li>`,
    )}
  </ul>`;
}

function articleItem(a: ArticleCard): Html {
  return html`<li>
    <a href="/public/news/${a.id}">${a.title}</a>
    <div class="muted small">${a.source} ${shanghaiDateTime(a.publishedAt)}</div>
  </li>`;
}

function circularItem(c: CircularCard): Html {
  return html`<li>
    <a href="/public/circulars/${c.id}">${c.title}</a>
    <div class="muted small">${c.number ?? ''} · ${chineseDate(c.docDate)}</div>
  </li>`;
}

function entryRows(entries: readonly ChainEntryView[], withVillage: boolean): Html {
  // On a phone each entry is a block of labelled lines (portal.css `table.entries`): six columns split every
  // code, time and hash over several lines at 375 px.
  return html`<div class="table-scroll">
    <table class="entries">
      <thead>
        <tr>
          <th scope="col">序号</th>
          <th scope="col">时间</th>
          <th scope="col">事项</th>
          ${withVillage ? html`<th scope="col">村</th>` : ''}
          <th scope="col">内容</th>
          <th scope="col">哈希</th>
        </tr>
      </thead>
      <tbody>
        ${entries.map(
          (e) =>
            html`<tr>
              <td data-label="序号" class="nowrap">${e.seq}</td>
              <td data-label="时间" class="nowrap">${shanghaiDateTime(e.at)}</td>
              <td data-label="事项">${e.label}</td>
              ${withVillage ? html`<td data-label="村">${e.village}</td>` : ''}
              <td data-label="内容">${e.summary}</td>
              <td data-label="哈希" class="hash nowrap">${shortHash(e.hash)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

// ── Pages ────────────────────────────────────────────────────────────────────

/**
 * Up to this many villages the home page lists every one, by 街道 (a district: 16). Beyond it (a province's
 * 20,000 made a 9.4 MB page) it lists the 街道, each linking to its page of villages.
 */
export const HOME_VILLAGES_MAX = 300;

function villageRow(village: VillageSummary): Html {
  return html`<li class="village-row">
    <span
      ><a href="/public/villages/${village.id}">${village.name}</a
      >${village.sample ? html` <span class="muted small">（示例）</span>` : ''}</span
    >
    <span class="small">
      问题 ${village.figures.found} · 尚未完成 ${village.figures.fixing} · 已整改验收 ${village.figures.done}
      ${(village.figures.overdue ?? 0) > 0 ? html` · <span class="badge bad">超期 ${village.figures.overdue}</span>` : ''}
      ${standingBadge(village.standing)}
    </span>
  </li>`;
}

/** Villages under a heading per 街道, in the order given. */
function villagesBySubdistrict(villages: readonly VillageSummary[]): Html[] {
  const groups = new Map<string, VillageSummary[]>();
  for (const village of villages) {
    const key = village.subdistrict ?? '';
    groups.set(key, [...(groups.get(key) ?? []), village]);
  }
  return [...groups.entries()].map(
    ([name, list]) =>
      html`${name ? html`<h3>${name}</h3>` : ''}
        <ul class="list">
          ${list.map(villageRow)}
        </ul>`,
  );
}

function subdistrictRow(s: SubdistrictSummary): Html {
  return html`<li class="village-row" data-subdistrict>
    <span><a href="/public/subdistricts/${s.id}">${s.name}</a></span>
    <span class="small">
      ${s.villages} 个村（社区） · 问题 ${s.figures.found} · 尚未完成 ${s.figures.fixing} · 已整改验收 ${s.figures.done}
      ${(s.figures.overdue ?? 0) > 0 ? html` · <span class="badge bad">超期 ${s.figures.overdue}</span>` : ''}
    </span>
  </li>`;
}

export function homePage(f: PageFrame, v: HomeView): string {
  const extra = html`${v.scored > 0 ? html`<li><b>${v.attained}/${v.villages.length}</b>村达标</li>` : ''}
  ${v.venuesLeft !== null ? html`<li><b>${v.venuesLeft}</b>活动场所待清零</li>` : ''}`;
  const large = v.villages.length > HOME_VILLAGES_MAX;
  const ledgers = large
    ? html`<h2>各街道台账</h2>
        <p class="muted small">共 ${v.villages.length} 个村（社区），请先选择街道，再查看本村台账。${asAtNote(v.asAt)}</p>
        <ul class="list">
          ${v.subdistricts.map(subdistrictRow)}
        </ul>
        ${villagesBySubdistrict(v.villages.filter((x) => !x.subdistrictId))}`
    : html`<h2>各村台账</h2>
        ${villagesBySubdistrict(v.villages)}`;
  const body = html`<h1>问题台账 公开接受监督</h1>
    <p>${v.districtName}对照村级党组织规范化建设标准逐村排查，问题、整改措施、时限和进展在此公开，欢迎广大干部群众监督。</p>
    ${figureList(v.figures, extra)} ${ledgers}
    <div class="columns">
      <section>
        <h2>工作动态</h2>
        ${
          v.articles.length
            ? html`<ul class="list">
                ${v.articles.map(articleItem)}
              </ul>`
            : html`<p class="muted">暂无。</p>`
        }
        <p class="more"><a href="/public/news">更多工作动态</a></p>
      </section>
      <section>
        <h2>通报</h2>
        ${
          v.circulars.length
            ? html`<ul class="list">
                ${v.circulars.map(circularItem)}
              </ul>`
            : html`<p class="muted">暂无已印发的通报。</p>`
        }
        <p class="more"><a href="/public/circulars">全部通报</a></p>
      </section>
    </div>`;
  return layout(f, { title: '首页', nav: 'home', body });
}

/** A large portal's figures may be up to a minute old (portal.cache.ts): say when they were counted. */
function asAtNote(asAt: string): string {
  return `数据统计于 ${shanghaiDateTime(asAt)}，每分钟更新。`;
}

/** One 街道's villages (a large portal's home lists the 街道: HOME_VILLAGES_MAX). */
export function subdistrictPage(f: PageFrame, s: SubdistrictSummary, villages: readonly VillageSummary[], asAt: string): string {
  const body = html`<p class="muted small"><a href="/public/">首页</a></p>
    <h1>${s.name}</h1>
    <p>${s.name}${s.villages} 个村（社区）的问题台账，点击村名查看问题、整改措施和进展。</p>
    <p class="muted small">${asAtNote(asAt)}</p>
    ${figureList(s.figures)}
    <h2>各村台账</h2>
    <ul class="list">
      ${villages.map(villageRow)}
    </ul>`;
  return layout(f, { title: s.name, nav: 'home', body });
}

export interface FeedbackFormState {
  /** The time trap's token, in the form itself (a page rendered per request); cached pages set it as a cookie instead. */
  token?: string;
  values?: { problemId?: string; kind?: string; body?: string; name?: string };
  error?: string;
}

export function feedbackForm(v: Pick<VillageView, 'village' | 'problems'>, state: FeedbackFormState): Html {
  const values = state.values ?? {};
  return html`<form class="feedback" method="post" action="/public/feedback" data-once>
    ${state.error ? html`<p class="notice bad" role="alert">${state.error}</p>` : ''}
    <input type="hidden" name="villageId" value="${v.village.id}" />
    ${state.token ? html`<input type="hidden" name="token" value="${state.token}" />` : ''}
    <label
      >留言类型
      <select name="kind">
        ${(Object.keys(FEEDBACK_KIND_LABELS) as FeedbackKind[]).map(
          (k) => html`<option value="${k}" ${values.kind === k ? html` selected` : ''}>${FEEDBACK_KIND_LABELS[k].zh}</option>`,
        )}
      </select>
    </label>
    <label
      >针对的问题（可不选）
      <select name="problemId">
        <option value="">整个村</option>
        ${v.problems.map(
          (p) =>
            html`<option value="${p.id}" ${values.problemId === p.id ? html` selected` : ''}>
              ${p.code} ${p.description.length > 24 ? `${p.description.slice(0, 24)}…` : p.description}
            </option>`,
        )}
      </select>
    </label>
    <label
      >留言内容 <span class="counter" id="feedback-counter" aria-live="polite">不超过 ${FEEDBACK_BODY_MAX} 字</span>
      <textarea name="body" required minlength="5" maxlength="${FEEDBACK_BODY_MAX}" data-counter="feedback-counter">
${values.body ?? ''}</textarea>
    </label>
    <label
      >称呼（可不填，公开时只显示姓氏）
      <input name="name" maxlength="${FEEDBACK_NAME_MAX}" autocomplete="off" value="${values.name ?? ''}" />
    </label>
    <div class="trap" aria-hidden="true">
      <label>网址（请勿填写）<input name="website" tabindex="-1" autocomplete="off" /></label>
    </div>
    <p class="muted small">留言经审核后公开；请勿填写电话号码等个人信息，公开时会被隐去。</p>
    <p><button class="button" type="submit">提交留言</button></p>
  </form>`;
}

function problemCard(p: PublicProblem, v: VillageView): Html {
  return html`<article class="problem" id="p-${p.code}">
    <header><span class="code">${p.code}</span> ${statusBadge(p)}</header>
    <p>${p.description}</p>
    <dl class="facts">
      ${
        p.checkItem
          ? html`<dt>检查项</dt>
              <dd>${p.checkItem}</dd>`
          : ''
      }
      ${
        p.dueOn
          ? html`<dt>整改时限</dt>
              <dd>${p.dueOn}</dd>`
          : ''
      }
      ${
        p.owner
          ? html`<dt>责任人</dt>
              <dd>${p.owner}</dd>`
          : ''
      }
    </dl>
    ${
      v.settings.showMeasures && p.measures.length
        ? html`<h4>整改措施</h4>
            <ul>
              ${p.measures.map(
                (m) =>
                  html`<li>
                    ${m.description}
                    <span class="muted small"
                      >${m.dueOn ? `（${m.dueOn}前）` : ''}
                      <span class="progress" role="img" aria-label="进度 ${m.progress}%"
                        ><span class="w${Math.round(m.progress / 10) * 10}"></span
                      ></span>
                      ${m.progress}%</span
                    >
                  </li>`,
              )}
            </ul>`
        : ''
    }
    ${
      p.notes.length
        ? html`<h4>整改进展</h4>
            <ul>
              ${p.notes.map((n) => html`<li><span class="muted small">${shanghaiDateTime(n.at)}</span> ${n.text}</li>`)}
            </ul>`
        : ''
    }
    ${
      p.photos.length
        ? html`<div class="photos">
            ${p.photos.map(
              (ph) =>
                html`<figure>
                  <a href="/public/files/evidence/${ph.id}"
                    ><img
                      src="/public/files/evidence/${ph.id}?size=thumb"
                      alt="${ph.caption ?? '整改照片'}"
                      loading="lazy"
                      width="160"
                      height="120"
                  /></a>
                  ${ph.caption ? html`<figcaption>${ph.caption}</figcaption>` : ''}
                </figure>`,
            )}
          </div>`
        : ''
    }
    ${
      p.feedback.length
        ? html`<h4>群众监督</h4>
            ${feedbackItems(p.feedback)}`
        : ''
    }
  </article>`;
}

/** 便民服务大厅: today's person on duty and the opening hours (village-service-line.ts fills it; nothing while it is empty). */
function serviceLine(v: VillageView): Html | '' {
  const line = v.service;
  if (!line || (!line.onDutyToday && !line.openingHours)) return '';
  return html`<section id="service" class="service-line" aria-label="便民服务">
    <p>
      <b>便民服务大厅</b>
      ${line.onDutyToday ? html` · 今日值班：${line.onDutyToday}` : ''} ${line.openingHours ? html` · 开放时间：${line.openingHours}` : ''}
    </p>
  </section>`;
}

/**
 * After a feedback is sent the page opens at #feedback, far below its top on a phone: the notice stands there too,
 * above the (empty) form (that one announced to screen readers), or the villager saw no sign it went and sent it again.
 */
const sentNotice = html`<p class="notice ok">留言已收到，审核后公开。感谢您的监督！</p>`;

export function villagePage(f: PageFrame, v: VillageView, o: { sent: boolean }): string {
  const areas = new Map<string, PublicProblem[]>();
  for (const p of v.problems) areas.set(p.area, [...(areas.get(p.area) ?? []), p]);
  const s = v.standing;
  // The 街道 is a way back to its villages, not plain text.
  const crumb =
    v.village.subdistrictId && v.village.subdistrict
      ? html`<a href="/public/subdistricts/${v.village.subdistrictId}">${v.village.subdistrict}</a>`
      : (v.village.subdistrict ?? '');
  const body = html`<p class="muted small"><a href="/public/">首页</a> › ${crumb}</p>
    <h1>${v.village.name}问题整改台账</h1>
    ${v.village.sample ? html`<p class="notice">本村为演示示例数据。</p>` : ''} ${o.sent ? sentNotice : ''} ${figureList(v.figures)}
    ${
      // The form is at the foot of a long page (ten screens down on a phone with a dozen problems): a way there.
      v.settings.feedbackOpen ? html`<p><a class="button secondary" href="#feedback" data-jump="feedback">我要留言</a></p>` : ''
    }
    ${serviceLine(v)}
    ${
      s && v.settings.showScores
        ? html`<h2>对标达标情况</h2>
            <dl class="facts">
              <dt>对标得分</dt>
              <dd>${s.inProgress ? html`<span class="muted">${s.roundName}进行中，完成后计分</span>` : s.score}</dd>
              <dt>达标情况</dt>
              <dd>${standingBadge(s)}${s.confirmedOn ? html` <span class="muted small">${s.confirmedOn} 确认</span>` : ''}</dd>
            </dl>`
        : ''
    }
    ${
      v.venues.length && v.settings.showVenues
        ? html`<h2>村级活动场所</h2>
            <ul class="list">
              ${v.venues.map(
                (venue) =>
                  html`<li>
                    ${venue.name}：<span class="badge ${venue.onList ? 'warn' : 'ok'}">${venue.onList ? '清零中' : '达标'}</span>
                    ${/* Not the badge's word again ("达标 达标"). */ venue.state === (venue.onList ? '清零中' : '达标') ? '' : venue.state}
                  </li>`,
              )}
            </ul>`
        : ''
    }
    <h2>问题清单</h2>
    ${v.problems.length === 0 ? html`<p class="muted">暂无公示的问题。</p>` : ''}
    ${[...areas.entries()].map(
      ([area, list]) =>
        html`<h3>${area}（${list.length}）</h3>
          ${list.map((p) => problemCard(p, v))}`,
    )}
    ${
      v.feedback.length
        ? html`<h2>群众监督</h2>
            ${feedbackItems(v.feedback)}`
        : ''
    }
    <h2 id="feedback">我要留言</h2>
    ${o.sent ? html`<p class="notice ok" role="status">留言已收到，审核后公开。感谢您的监督！</p>` : ''}
    ${v.settings.feedbackOpen ? feedbackForm(v, {}) : html`<p class="muted">留言暂未开放。</p>`}
    <h2>公开记录</h2>
    <p class="small">本村的每一项公开事项都记入可核验的公开台账（当前链头 ${headText(v.head)}）。<a href="/public/chain">如何核验</a></p>
    ${v.entries.length ? entryRows(v.entries, false) : html`<p class="muted">暂无。</p>`}
    <p><a class="button secondary" href="/public/villages/${v.village.id}/poster">打印公示海报（A4）</a></p>`;
  return layout(f, { title: v.village.name, nav: null, body, description: `${v.village.name}问题整改台账` });
}

/** The feedback form alone, after a refused submission (kept values, the reason in words). */
export function feedbackPage(f: PageFrame, v: Pick<VillageView, 'village' | 'problems'>, state: FeedbackFormState): string {
  const body = html`<p class="muted small"><a href="/public/villages/${v.village.id}">返回${v.village.name}</a></p>
    <h1>${v.village.name} · 我要留言</h1>
    ${feedbackForm(v, state)}`;
  return layout(f, { title: `${v.village.name}留言`, nav: null, body });
}

export function posterPage(f: PageFrame, v: VillageView, o: { qrSvg: string; url: string; printedOn: string }): string {
  const open = v.problems.filter((p) => p.status !== 'closed' && p.status !== 'accepted');
  const shown = open.slice(0, 18);
  const body = html`<div class="poster">
    <p class="poster-actions">
      <button class="button" type="button" data-print hidden>打印</button>
      <a class="button secondary" href="/public/villages/${v.village.id}">返回村页面</a>
    </p>
    <h1>${v.village.name}问题整改台账公示</h1>
    <p class="lead">
      ${v.village.subdistrict ?? ''} · 共查出问题 ${v.figures.found} 个，已整改验收 ${v.figures.done} 个，尚未完成 ${v.figures.fixing} 个
    </p>
    ${
      v.standing && v.settings.showScores && !v.standing.inProgress
        ? html`<p class="lead">对标得分 ${v.standing.score} · ${v.standing.attained ? '已达标' : v.standing.state}</p>`
        : ''
    }
    <div class="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">编号</th>
            <th scope="col">领域</th>
            <th scope="col">问题</th>
            <th scope="col">时限</th>
            <th scope="col">状态</th>
          </tr>
        </thead>
        <tbody>
          ${shown.map(
            (p) =>
              html`<tr>
                <td>${p.code}</td>
                <td>${p.area}</td>
                <td>${p.description}</td>
                <td>${p.dueOn ?? ''}</td>
                <td>${p.statusLabel}${p.overdue ? '（超期）' : ''}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${open.length > shown.length ? html`<p class="small">另有 ${open.length - shown.length} 个问题，请扫码查看。</p>` : ''}
    <div class="qr">
      ${trusted(o.qrSvg)}
      <div>
        <p><b>扫码查看本村最新整改进展，欢迎留言监督</b></p>
        <p class="small hash" data-poster-url>${o.url}</p>
        <p class="small">
          打印时公开台账链头：<span class="hash" data-poster-head="${v.head.seq}">${headText(v.head)}</span>（${o.printedOn}）。
          凭此可核验台账此后未被改动。
        </p>
      </div>
    </div>
  </div>`;
  return layout(f, { title: `${v.village.name}公示海报`, nav: null, body });
}

export function newsListPage(f: PageFrame, v: NewsListView): string {
  const body = html`<h1>工作动态</h1>
    ${
      v.articles.length
        ? html`<ul class="list">
            ${v.articles.map(
              (a) =>
                html`<li>
                  <a href="/public/news/${a.id}"><b>${a.title}</b></a>
                  <div class="muted small">${a.source} ${shanghaiDateTime(a.publishedAt)}</div>
                  <p>${a.summary}</p>
                </li>`,
            )}
          </ul>`
        : html`<p class="muted">暂无工作动态。</p>`
    }
    <nav class="pager" aria-label="翻页">
      ${v.page > 1 ? html`<a href="/public/news?page=${v.page - 1}">上一页</a>` : ''}
      <span class="muted">第 ${v.page} / ${v.pages} 页</span>
      ${v.page < v.pages ? html`<a href="/public/news?page=${v.page + 1}">下一页</a>` : ''}
    </nav>`;
  return layout(f, { title: '工作动态', nav: 'news', body });
}

export function articlePage(f: PageFrame, v: ArticleView, body: Html): string {
  const a = v.article;
  const content = html`<p class="muted small"><a href="/public/news">工作动态</a></p>
    <article>
      <h1>${a.title}</h1>
      <p class="article-meta"><span>${a.source} ${shanghaiDateTime(a.publishedAt)}</span> ${fontToggleInline(f)}</p>
      <div class="article-body">${body}</div>
      ${
        a.tags.length
          ? html`<ul class="tags">
              ${a.tags.map((t) => html`<li class="badge">${t}</li>`)}
            </ul>`
          : ''
      }
      ${
        a.villages.length
          ? html`<p class="small">
              相关村：${a.villages.map((vil, i) => html`${i ? '、' : ''}<a href="/public/villages/${vil.id}">${vil.name}</a>`)}
            </p>`
          : ''
      }
    </article>
    <section>
      <h2>相关新闻</h2>
      ${
        v.related.length
          ? html`<ul class="list">
              ${v.related.map(articleItem)}
            </ul>`
          : html`<p class="muted">暂无。</p>`
      }
    </section>
    <section class="columns">
      <div>
        <h2>新闻推荐 · 最新</h2>
        <ul class="list">
          ${v.latest.map(articleItem)}
        </ul>
      </div>
      <div>
        <h2>新闻推荐 · 最多阅读</h2>
        <ul class="list">
          ${v.mostRead.map(articleItem)}
        </ul>
      </div>
    </section>`;
  return layout(f, { title: a.title, nav: 'news', body: content, description: a.summary });
}

/** The article page's own 大字 switch beside the source line (as the source page has it). */
function fontToggleInline(f: PageFrame): Html {
  const next = f.large ? 'normal' : 'large';
  return html`<a
    class="button secondary"
    href="/public/prefs?font=${next}&amp;back=${encodeURIComponent(f.self)}"
    data-font-toggle
    data-label-on="标准字"
    data-label-off="大字"
    aria-pressed="${f.large ? 'true' : 'false'}"
    >${f.large ? '标准字' : '大字'}</a
  >`;
}

export function circularsPage(f: PageFrame, list: readonly CircularCard[]): string {
  const body = html`<h1>通报</h1>
    <p>区党工委每月印发的工作通报（一月一通报），可在线阅读或下载 Word 文档。</p>
    ${
      list.length
        ? html`<ul class="list">
            ${list.map(circularItem)}
          </ul>`
        : html`<p class="muted">暂无已印发的通报。</p>`
    }`;
  return layout(f, { title: '通报', nav: 'circulars', body });
}

/** The rows of a table, with the line standing for the rows a long table leaves out (circular-annex-excerpt.ts). */
function withCutRow(rows: Html[], cut: AnnexCut | undefined, columns: number): Html[] {
  if (!cut) return rows;
  const line = html`<tr data-annex-cut>
    <td colspan="${columns}" class="muted">${annexCutText(cut, rows.length)}</td>
  </tr>`;
  return [...rows.slice(0, cut.at), line, ...rows.slice(cut.at)];
}

export function circularPage(f: PageFrame, c: CircularDetail, anchor: ChainHead | null): string {
  const a = c.annex;
  const cutOf = (t: AnnexTableKey) => c.annexCuts.find((x) => x.table === t);
  const body = html`<p class="muted small"><a href="/public/circulars">通报</a></p>
    <article>
      <p class="muted">${c.issuingOffice}</p>
      <p class="muted">${c.number ?? ''}</p>
      <h1>${c.title}</h1>
      <p>${c.addressees}</p>
      <p>${c.opening}</p>
      ${c.sections.map(
        (s) =>
          html`<h2>${s.heading}</h2>
            ${s.text
              .split(/\n+/)
              .filter((l) => l.trim())
              .map((l) => html`<p>${l.trim()}</p>`)}`,
      )}
      <p class="signature">${c.issuingOffice}<br />${chineseDate(c.docDate)}</p>
      ${anchor ? html`<p class="small">印发时公开台账链头：<span class="hash">${headText(anchor)}</span></p>` : ''}
      <p>
        <a class="button" href="/public/circulars/${c.id}/docx" download>下载 Word 文档</a>
        <a class="button" href="/public/circulars/${c.id}/annex.xlsx" download>下载附表（Excel）</a>
      </p>
      <h2>${CIRCULAR_ANNEX_TITLES.ranking}</h2>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">名次</th>
              <th scope="col">村（社区）</th>
              <th scope="col">得分</th>
              <th scope="col">超期</th>
            </tr>
          </thead>
          <tbody>
            ${withCutRow(
              a.ranking.villages.map(
                (r) =>
                  html`<tr>
                    <td>${r.rank}</td>
                    <td>${r.name}</td>
                    <td>${r.score.toFixed(1)}</td>
                    <td>${r.overdue}</td>
                  </tr>`,
              ),
              cutOf('rankingVillages'),
              4,
            )}
          </tbody>
        </table>
      </div>
      <p class="muted small">${CIRCULAR_ANNEX_TITLES.rag.replace('：', '（')}）见 Word 文档和附表（Excel）。</p>
      ${
        a.overdue.length
          ? html`<h2>${CIRCULAR_ANNEX_TITLES.overdue}</h2>
              <div class="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">编号</th>
                      <th scope="col">单位</th>
                      <th scope="col">问题</th>
                      <th scope="col">时限</th>
                      <th scope="col">超期天数</th>
                      <th scope="col">责任人</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${withCutRow(
                      a.overdue.map(
                        (o) =>
                          html`<tr>
                            <td>${o.code}</td>
                            <td>${o.organization}</td>
                            <td>${o.description}</td>
                            <td>${chineseDate(o.dueOn)}</td>
                            <td>${o.daysOverdue}</td>
                            <td>${o.owner ?? ''}</td>
                          </tr>`,
                      ),
                      cutOf('overdue'),
                      6,
                    )}
                  </tbody>
                </table>
              </div>`
          : ''
      }
      ${
        // Annex 3's second table: the body points to it ("清单见附件3"), and the page had left it out.
        a.overdueTasks?.length
          ? html`<h2>
                ${a.overdue.length ? CIRCULAR_OVERDUE_TASKS_TITLE : `${CIRCULAR_ANNEX_TITLES.overdue}（${CIRCULAR_OVERDUE_TASKS_TITLE}）`}
              </h2>
              <div class="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">单位</th>
                      <th scope="col">调研领导</th>
                      <th scope="col">日期</th>
                      <th scope="col">交办事项</th>
                      <th scope="col">责任单位</th>
                      <th scope="col">时限</th>
                      <th scope="col">超期天数</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${a.overdueTasks.map(
                      (x) =>
                        html`<tr>
                          <td>${x.organization}</td>
                          <td>${x.leader}</td>
                          <td>${chineseDate(x.visitedOn)}</td>
                          <td>${x.instruction}</td>
                          <td>${x.ownerUnit}</td>
                          <td>${chineseDate(x.dueOn)}</td>
                          <td>${x.daysOverdue}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
          : ''
      }
      ${
        // 版记, as the printed circular ends: the office that drafted and printed it, and the day it was printed.
        // Office on the left and date on the right, as printed (and as the web's print view sets them); on a phone
        // the date wraps under the office instead of two ideographic spaces breaking anywhere.
        c.draftingOffice
          ? imprintLine(circularImprintParts(c.draftingOffice, c.publishedAt ? shanghaiDate(new Date(c.publishedAt)) : c.docDate))
          : ''
      }
    </article>`;
  return layout(f, { title: c.title, nav: 'circulars', body });
}

function imprintLine(p: { office: string; printed: string }): Html {
  return html`<p class="imprint" data-imprint><span>${p.office}</span><span>${p.printed}</span></p>`;
}

export function chainPage(f: PageFrame, v: ChainView): string {
  const body = html`<h1>核验公开台账</h1>
    <p class="notice">
      简单说：公开的每一件事都按顺序记了账，记上就改不了、删不掉。如果有人偷偷改过，下面的“核验”就会报错。
      您不需要看懂下面的技术说明，点“核验”即可；海报或通报上印有一串号码（链头），也可以填进去对一对。
    </p>
    <p>
      每一项公开事项（问题公示、状态变更、整改进展、群众留言答复、村达标、活动场所清零）都按时间顺序记入公开台账。
      每一条记录都包含上一条记录的哈希值（SHA-256），任何一条被改动、删除或调换顺序，之后的核验都会失败。
    </p>
    <dl class="facts">
      <dt>当前链头</dt>
      <dd><span class="hash" data-chain-head="${v.head.seq}">第 ${v.head.seq} 条 · ${v.head.hash}</span></dd>
    </dl>
    <h2>在本机核验</h2>
    <p class="small">
      点击核验后，您的浏览器会下载全部记录并逐条重新计算，不依赖服务器的结论。可以填写海报或通报上印的链头，检查纸质凭证与台账是否一致。
    </p>
    <form id="verify-form" class="feedback" hidden>
      <label>纸质凭证上的序号（可不填）<input name="seq" inputmode="numeric" pattern="[0-9]*" autocomplete="off" /></label>
      <label>纸质凭证上的哈希（可不填）<input name="hash" autocomplete="off" /></label>
      <p><button class="button" type="submit">核验</button></p>
    </form>
    <noscript><p class="notice">在线核验需要浏览器启用 JavaScript。也可以下载记录后用任何程序自行核验。</p></noscript>
    <output id="verify-result" class="notice" aria-live="polite" hidden></output>
    <h2>自行核验</h2>
    <p class="small">
      全部记录：<a href="/api/public/chain?from=1">/api/public/chain?from=1</a>（JSON，分页）。每条的哈希为
      <code>SHA-256(UTF-8(JCS({"entry": …, "prev": …, "seq": …})))</code>，JCS 即 RFC 8785 规范化 JSON；第 1 条的 prev 为 64 个 0。
      命令行：<code>npx taizhang verify-ledger --url ${'<网址>'}</code>。
    </p>
    <h2>最近的记录</h2>
    ${v.entries.length ? entryRows(v.entries, true) : html`<p class="muted">暂无记录。</p>`}`;
  return layout(f, {
    title: '核验公开台账',
    nav: 'chain',
    body,
    scripts: html`<script type="module" src="${f.assets.verify}"></script>`,
  });
}

export function messagePage(f: PageFrame, title: string, message: string, back: { href: string; label: string }): string {
  const body = html`<h1>${title}</h1>
    <p>${message}</p>
    <p class="more"><a href="${back.href}">${back.label}</a></p>`;
  return layout(f, { title, nav: null, body });
}
