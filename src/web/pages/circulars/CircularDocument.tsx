import type { ReactNode } from 'react';
import { chineseDate, shanghaiDate } from '../../../domain/time.ts';
import {
  attainedText,
  CIRCULAR_ANNEX_TITLES,
  circularImprintParts,
  CIRCULAR_OVERDUE_TASKS_TITLE,
  movementText,
  percentText,
  rankingHasStudy,
  RAG_TEXT,
  standingText,
} from '../../../domain/circular-text.ts';
import type { CircularDetail } from '../../../domain/contracts/circulars.ts';
import { translateZh } from '../../i18n/index.ts';

type Annex = CircularDetail['annex'];
type Cut = CircularDetail['annexCuts'][number];
type RankingRow = Annex['ranking']['villages'][number];

/** The line standing for the rows a long table leaves out (src/domain/circular-annex-excerpt.ts). */
function CutRow({ cut, columns }: { cut: Cut; columns: number }) {
  const t = translateZh;
  return (
    <tr className="circ-cut" data-testid={`circular-annex-cut-${cut.table}`}>
      <td colSpan={columns}>
        {t(cut.total - cut.omitted > cut.at ? 'circ.annex.cutMiddle' : 'circ.annex.cutEnd', {
          omitted: cut.omitted.toLocaleString(),
          total: cut.total.toLocaleString(),
        })}
      </td>
    </tr>
  );
}

/** Rows with the cut's line at its place. */
function withCut(rows: ReactNode[], cut: Cut | undefined, columns: number): ReactNode[] {
  if (!cut) return rows;
  return [...rows.slice(0, cut.at), <CutRow key="cut" cut={cut} columns={columns} />, ...rows.slice(cut.at)];
}

/**
 * A column name that may break only between its words (th has word-break: keep-all): 验收|通过率 over two lines
 * when the ranking's ten columns need the room on A4, never 验收通|过率 or 逾|期|天|数. The Chinese names of these
 * tables of four or five characters are a two-character word and another (综合|得分, 逾期|天数, 周报|按时率); a
 * name in English breaks at its spaces.
 */
function Th({ children }: { children: string }) {
  const split = /^\p{Script=Han}{4,5}$/u.test(children);
  return (
    <th>
      {split ? (
        <>
          {children.slice(0, 2)}
          <wbr />
          {children.slice(2)}
        </>
      ) : (
        children
      )}
    </th>
  );
}

function paragraphs(text: string): string[] {
  return text
    .split(/\n+/)
    .map((l) => l.trim())
    .filter(Boolean);
}

function RankingTable({
  rows,
  unit,
  kind,
  testId,
  cut,
  study,
}: {
  rows: RankingRow[];
  /** 学习得分率 weighed in the scores: its column. */
  study: boolean;
  unit: string;
  kind: 'village' | 'subdistrict';
  testId?: string;
  cut?: Cut;
}) {
  const t = translateZh;
  return (
    <div className="circ-table-wrap">
      <table className="circ-table circ-ranking" data-testid={testId}>
        <thead>
          <tr>
            <Th>{t('circ.col.rank')}</Th>
            <Th>{unit}</Th>
            <Th>{t('circ.col.score')}</Th>
            <Th>{t('att.circ.standing')}</Th>
            <Th>{kind === 'village' ? t('att.circ.attained') : t('att.circ.attainedVillages')}</Th>
            <Th>{t('circ.col.closure')}</Th>
            <Th>{t('circ.col.pass')}</Th>
            <Th>{t('circ.col.overdue')}</Th>
            <Th>{t('circ.col.punctuality')}</Th>
            {study && <Th>{t('circ.col.study')}</Th>}
            <Th>{t('circ.col.movement')}</Th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={study ? 11 : 10}>{t('circ.annex.none')}</td>
            </tr>
          )}
          {withCut(
            rows.map((r) => (
              <tr key={r.name}>
                <td>{r.rank}</td>
                <td className="circ-name">{r.name}</td>
                <td>{r.score.toFixed(1)}</td>
                <td>{standingText(r, kind)}</td>
                <td>{attainedText(r, kind)}</td>
                <td>{percentText(r.closureRate)}</td>
                <td>{percentText(r.acceptancePassRate)}</td>
                <td>{r.overdue}</td>
                <td>{percentText(r.reportPunctuality)}</td>
                {study && <td>{percentText(r.study ?? null)}</td>}
                <td>{movementText(r.movement)}</td>
              </tr>
            )),
            cut,
            10,
          )}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The three annex tables, each starting a new printed page. A table of a province is shown in part (`cuts`:
 * where rows were left out); the Excel annex has every row.
 */
export function CircularAnnexTables({ annex, cuts }: { annex: Annex; cuts: readonly Cut[] }) {
  const t = translateZh;
  const cutOf = (table: Cut['table']) => cuts.find((c) => c.table === table);
  const study = rankingHasStudy([...annex.ranking.villages, ...annex.ranking.subdistricts]);
  return (
    <>
      <section className="circ-annex">
        <div className="circ-annex-title">{CIRCULAR_ANNEX_TITLES.ranking}</div>
        <p className="circ-p-flush">{t('circ.asAt', { asAt: chineseDate(annex.asAt) })}</p>
        <RankingTable
          rows={annex.ranking.villages}
          unit={t('circ.col.village')}
          kind="village"
          study={study}
          testId="circular-annex-ranking"
          cut={cutOf('rankingVillages')}
        />
        {annex.ranking.subdistricts.length > 0 && (
          <>
            <div className="circ-annex-title" style={{ marginTop: '1em' }}>
              {t('circ.annex.subdistricts')}
            </div>
            <RankingTable
              rows={annex.ranking.subdistricts}
              unit={t('circ.col.subdistrict')}
              kind="subdistrict"
              study={study}
              cut={cutOf('rankingSubdistricts')}
            />
          </>
        )}
      </section>
      <section className="circ-annex">
        <div className="circ-annex-title">{CIRCULAR_ANNEX_TITLES.rag}</div>
        <div className="circ-table-wrap">
          <table className="circ-table">
            <thead>
              <tr>
                <Th>{t('circ.col.org')}</Th>
                <Th>{t('circ.col.kind')}</Th>
                <Th>{t('circ.col.colour')}</Th>
                <Th>{t('circ.col.reasons')}</Th>
              </tr>
            </thead>
            <tbody>
              {annex.rag.length === 0 && (
                <tr>
                  <td colSpan={4}>{t('circ.annex.none')}</td>
                </tr>
              )}
              {withCut(
                annex.rag.map((r) => (
                  <tr key={`${r.kind}-${r.organization}`}>
                    <td className="circ-nowrap">{r.organization}</td>
                    <td className="circ-nowrap">{r.kind}</td>
                    <td className={`circ-rag-${r.colour}`}>{RAG_TEXT[r.colour]}</td>
                    <td className="circ-left">{r.reasons}</td>
                  </tr>
                )),
                cutOf('rag'),
                4,
              )}
            </tbody>
          </table>
        </div>
      </section>
      <section className="circ-annex">
        <div className="circ-annex-title">{CIRCULAR_ANNEX_TITLES.overdue}</div>
        <div className="circ-table-wrap">
          <table className="circ-table" data-testid="circular-annex-overdue">
            <thead>
              <tr>
                <Th>{t('circ.col.code')}</Th>
                <Th>{t('circ.col.org')}</Th>
                <Th>{t('circ.col.description')}</Th>
                <Th>{t('circ.col.dueOn')}</Th>
                <Th>{t('circ.col.days')}</Th>
                <Th>{t('circ.col.owner')}</Th>
              </tr>
            </thead>
            <tbody>
              {annex.overdue.length === 0 && (
                <tr>
                  <td colSpan={6}>{t('circ.annex.none')}</td>
                </tr>
              )}
              {withCut(
                annex.overdue.map((o) => (
                  <tr key={o.code}>
                    <td className="circ-nowrap">{o.code}</td>
                    <td className="circ-nowrap">{o.organization}</td>
                    <td className="circ-left">{o.description}</td>
                    <td className="circ-nowrap">{chineseDate(o.dueOn)}</td>
                    <td>{o.daysOverdue}</td>
                    <td className="circ-nowrap">{o.owner ?? ''}</td>
                  </tr>
                )),
                cutOf('overdue'),
                6,
              )}
            </tbody>
          </table>
        </div>
        {annex.overdueTasks && annex.overdueTasks.length > 0 && (
          <>
            <div className="circ-annex-title" style={{ marginTop: '1em' }}>
              {CIRCULAR_OVERDUE_TASKS_TITLE}
            </div>
            <div className="circ-table-wrap">
              <table className="circ-table" data-testid="circular-annex-overdue-tasks">
                <thead>
                  <tr>
                    <Th>{t('circ.col.org')}</Th>
                    <Th>{t('visit.leaderName')}</Th>
                    <Th>{t('visit.date')}</Th>
                    <Th>{t('visit.taskInstruction')}</Th>
                    <Th>{t('visit.taskOwnerUnit')}</Th>
                    <Th>{t('visit.taskDue')}</Th>
                    <Th>{t('circ.col.days')}</Th>
                  </tr>
                </thead>
                <tbody>
                  {withCut(
                    annex.overdueTasks.map((o, i) => (
                      <tr key={`${o.organization}-${i}`}>
                        <td className="circ-nowrap">{o.organization}</td>
                        <td className="circ-nowrap">{o.leader}</td>
                        <td className="circ-nowrap">{chineseDate(o.visitedOn)}</td>
                        <td className="circ-left">{o.instruction}</td>
                        <td>{o.ownerUnit}</td>
                        <td className="circ-nowrap">{chineseDate(o.dueOn)}</td>
                        <td>{o.daysOverdue}</td>
                      </tr>
                    )),
                    cutOf('overdueTasks'),
                    7,
                  )}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </>
  );
}

/**
 * 版记's line: the office on the left, the day on the right (a flex row, not spaces that wrapped and left 发 alone
 * on A4); the day is never split.
 */
function Imprint({ draftingOffice, printedOn }: { draftingOffice: string; printedOn: string }) {
  const { office, printed } = circularImprintParts(draftingOffice, printedOn);
  return (
    <p className="circ-imprint" data-testid="circular-imprint">
      <span>{office}</span>
      <span className="circ-imprint-date">{printed}</span>
    </p>
  );
}

/** The circular laid out like the official document (A4 width on a desktop, full width on a phone). */
/**
 * The circular as issued: an official Chinese document, so its every word is Chinese whatever the reader's language
 * (in English mode the print had come out as "Annex：1. 村（社区）…" with English table heads).
 */
export function CircularDocument({ detail }: { detail: CircularDetail }) {
  const t = translateZh;
  return (
    <article className="circ-doc" data-testid="circular-document">
      <div className="circ-office">{detail.issuingOffice}</div>
      <div className={detail.number ? 'circ-number' : 'circ-number circ-number-draft'} data-testid="circular-number">
        {detail.number ?? `${t('circ.status.draft')}（${t('circ.draftNumber')}）`}
      </div>
      <h1 className="circ-title">{detail.title}</h1>
      <p className="circ-p-flush">{detail.addressees}</p>
      <p className="circ-p">{detail.opening}</p>
      {detail.sections.map((s) => (
        <div key={s.key} data-testid={`circular-text-${s.key}`}>
          <p className="circ-heading">{s.heading}</p>
          {paragraphs(s.text).map((line, i) => (
            <p key={i} className="circ-p">
              {line}
            </p>
          ))}
        </div>
      ))}
      {/* The annex list, the issuing office and its date kept on one page (the date stood alone on a page). */}
      <div className="circ-closing">
        <p className="circ-p" style={{ marginTop: '1em' }}>
          {t('circ.annex')}：1. {CIRCULAR_ANNEX_TITLES.ranking.replace(/^附件1：/, '')}
        </p>
        <p className="circ-p" style={{ paddingLeft: '3em' }}>
          2. {CIRCULAR_ANNEX_TITLES.rag.replace(/^附件2：/, '')}
        </p>
        <p className="circ-p" style={{ paddingLeft: '3em' }}>
          3. {CIRCULAR_ANNEX_TITLES.overdue.replace(/^附件3：/, '')}
        </p>
        <div className="circ-signature">
          <div>{detail.issuingOffice}</div>
          <div>{chineseDate(detail.docDate)}</div>
        </div>
      </div>
      <CircularAnnexTables annex={detail.annex} cuts={detail.annexCuts} />
      {detail.draftingOffice ? (
        // 版记: who drafted and printed it, and when (the source's 党群工作部 for the 党工委).
        <Imprint
          draftingOffice={detail.draftingOffice}
          printedOn={detail.publishedAt ? shanghaiDate(new Date(detail.publishedAt)) : detail.docDate}
        />
      ) : null}
      {/* The public ledger's head at publication: under the 版记, not in the body between signature and annexes. */}
      {detail.chainAnchor ? (
        <p className="circ-p circ-anchor" data-testid="circular-chain-anchor">
          印发时公开台账链头：第{detail.chainAnchor.seq}条 · {detail.chainAnchor.hash.slice(0, 12)}（可在公开网站“核验台账”页核对）
        </p>
      ) : null}
    </article>
  );
}
