import { chineseDate } from '../../../domain/time.ts';
import type { PlanDetail } from '../../../domain/contracts/plans.ts';

const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/** 2026-11-30T02:00:00Z → the Shanghai date, 2026-11-30. */
function shanghaiDay(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * 一村一策 in the register of an official document (the same page as the
 * circular's print view and its .docx): title, preamble, the problems by area
 * with measures, owners and deadlines, the closing and the signature. A
 * Chinese document whatever the UI language.
 */
export function PlanDocument({ plan }: { plan: PlanDetail }) {
  const c = plan.content;
  const signers = [`${plan.organizationName}党支部`, plan.liaisonGroupName].filter((s): s is string => Boolean(s));
  return (
    <article className="circ-doc" data-testid="plan-document">
      <div className="circ-title">{plan.title}</div>
      <p className="circ-p-flush" style={{ textAlign: 'center' }}>
        （一村一策·第{plan.versionNo}版）
      </p>
      {plan.status === 'draft' && (
        <p className="circ-p-flush circ-number-draft" style={{ textAlign: 'center' }}>
          【草稿 未审定】
        </p>
      )}
      {plan.status === 'superseded' && (
        <p className="circ-p-flush circ-number-draft" style={{ textAlign: 'center' }}>
          【此版本已被新版本替代】
        </p>
      )}
      {plan.preamble
        .split(/\n+/)
        .filter((l) => l.trim())
        .map((l, i) => (
          <p className="circ-p" key={`pre-${i}`}>
            {l}
          </p>
        ))}
      <p className="circ-heading">
        一、问题清单及整改措施（共{c.totals.problems}个问题、{c.totals.measures}项措施）
      </p>
      {c.areas.length === 0 && <p className="circ-p">经村“两委”会核实，本村无需要整改的问题。</p>}
      {c.areas.map((area, i) => (
        <section key={area.code ?? area.name}>
          <p className="circ-p circ-subheading" style={{ fontWeight: 'bold' }}>
            （{ORDINALS[i] ?? i + 1}）{area.name}（{area.problems.length}个问题）
          </p>
          <table className="circ-table plan-table">
            <thead>
              <tr>
                <th>序号</th>
                <th>存在问题</th>
                <th>整改措施</th>
                <th>牵头领导</th>
                <th>责任人</th>
                <th>整改时限</th>
              </tr>
            </thead>
            <tbody>
              {area.problems.map((p, j) => (
                <tr key={p.code}>
                  <td>{j + 1}</td>
                  <td className="circ-left">
                    <div>
                      {p.code}
                      {p.checkItem ? `（${p.checkItem}）` : ''}
                    </div>
                    <div>{p.description}</div>
                  </td>
                  <td className="circ-left">
                    {p.measures.length === 0
                      ? '（待制定）'
                      : p.measures.map((m, k) => (
                          <div key={k}>
                            {k + 1}. {m.description}
                            {m.ownerName || m.dueOn
                              ? `（${[m.ownerName ? `责任人：${m.ownerName}` : '', m.dueOn ? `完成时限：${m.dueOn}` : ''].filter(Boolean).join('，')}）`
                              : ''}
                            {m.alsoFor.length ? `〔同时用于${m.alsoFor.join('、')}〕` : ''}
                          </div>
                        ))}
                  </td>
                  <td>{p.leadOfficial ?? ''}</td>
                  <td>{p.ownerName ?? p.responsibleUnit ?? ''}</td>
                  <td>{p.dueOn ? chineseDate(p.dueOn) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <p className="circ-heading">二、保障措施</p>
      {plan.closing
        .split(/\n+/)
        .filter((l) => l.trim())
        .map((l, i) => (
          <p className="circ-p" key={`close-${i}`}>
            {l}
          </p>
        ))}
      <div className="circ-signature">
        {signers.map((s) => (
          <div key={s}>{s}</div>
        ))}
        <div>{chineseDate(plan.approvedAt ? shanghaiDay(plan.approvedAt) : c.asAt)}</div>
      </div>
    </article>
  );
}
