import { Button, Checkbox, Flex, Input, Select, Skeleton, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import type { DutyShift } from '../../../domain/duty-coverage.ts';
import { DUTY_SHIFT_LABELS, DUTY_SHIFTS, WEEKDAY_LABELS } from '../../../domain/duty-coverage.ts';
import { useServiceHall, useUpdateHall, useUpdateRoster } from '../../api/study.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
type Entry = { weekday: number; shift: DutyShift; personName: string; userId: string | null };

/** 便民服务大厅: opening hours, services and the weekly duty roster of a village, with today's sign-ins. */
export function HallPage() {
  const { t, pick } = useI18n();
  const { organizationId } = useParams();
  const q = useServiceHall(organizationId);
  const updateHall = useUpdateHall();
  const updateRoster = useUpdateRoster();
  const hall = q.data;
  const [name, setName] = useState('');
  const [hours, setHours] = useState('');
  const [days, setDays] = useState<number[]>([]);
  const [services, setServices] = useState('');
  const [roster, setRoster] = useState<Entry[]>([]);
  useEffect(() => {
    if (!hall) return;
    setName(hall.name);
    setHours(hall.openingHours);
    setDays(hall.openWeekdays);
    setServices(hall.services.join('\n'));
    setRoster(hall.roster.map((r) => ({ weekday: r.weekday, shift: r.shift, personName: r.personName, userId: r.userId })));
  }, [hall]);
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (!hall || !organizationId) return <Skeleton active />;
  const canEdit = hall.allowedActions.includes('edit');
  const canRoster = hall.allowedActions.includes('roster') && hall.exists;
  const setEntry = (i: number, e: Partial<Entry>) => setRoster((rs) => rs.map((r, j) => (j === i ? { ...r, ...e } : r)));

  return (
    <div data-testid="study-hall" style={{ maxWidth: 720 }}>
      <PageTitle title={`${t('study.hall.title')} · ${hall.organizationName}`} />
      <Flex vertical gap={12}>
        <section className="village-card">
          <header className="village-card-head">
            <h2 className="village-card-title">
              {t('study.hall.today', { date: hall.today.date, weekday: pick(WEEKDAY_LABELS[hall.today.weekday]!) })}
            </h2>
          </header>
          <div className="village-card-body">
            {!hall.today.open ? (
              <span>{t('study.card.closedToday')}</span>
            ) : (
              <Flex vertical gap={4}>
                {hall.today.onDuty.map((d) => (
                  <span key={`${d.personName}-${d.shift}`}>
                    {d.personName} · {pick(DUTY_SHIFT_LABELS[d.shift])}{' '}
                    <Tag color={d.signedIn ? 'green' : 'default'}>{d.signedIn ? t('study.hall.signed') : t('study.hall.notSigned')}</Tag>
                  </span>
                ))}
                {hall.today.signIns.map((s) => (
                  <span key={s.id} className="text-secondary">
                    {s.personName} {formatDateTime(s.at).slice(11, 16)}
                    {s.onRoster ? '' : ` · ${t('study.hall.standIn')}`}
                  </span>
                ))}
              </Flex>
            )}
            <div className="text-secondary" style={{ marginTop: 8 }}>
              {t('study.hall.week', {
                staffed: hall.week.daysStaffed,
                due: hall.week.daysDue,
                gaps: hall.week.gaps.map((d) => d.slice(5)).join('、') || '—',
              })}
            </div>
          </div>
        </section>

        <section className="village-card">
          <header className="village-card-head">
            <h2 className="village-card-title">{t('study.hall.settings')}</h2>
          </header>
          <div className="village-card-body">
            <Flex vertical gap={10}>
              <label>
                <div>{t('study.hall.name')}</div>
                <Input value={name} onChange={(e) => setName(e.target.value)} disabled={!canEdit} maxLength={40} />
              </label>
              <label>
                <div>{t('study.hall.hours')}</div>
                <Input
                  value={hours}
                  onChange={(e) => setHours(e.target.value)}
                  disabled={!canEdit}
                  maxLength={100}
                  data-testid="study-hall-hours"
                />
              </label>
              <Checkbox.Group
                value={days}
                onChange={(v) => setDays(v)}
                disabled={!canEdit}
                options={WEEKDAYS.map((d) => ({ value: d, label: pick(WEEKDAY_LABELS[d]!) }))}
              />
              <label>
                <div>{t('study.hall.services')}</div>
                <Input.TextArea
                  value={services}
                  onChange={(e) => setServices(e.target.value)}
                  disabled={!canEdit}
                  autoSize={{ minRows: 3 }}
                />
              </label>
              {updateHall.error && <ErrorAlert error={updateHall.error} />}
              {canEdit && (
                <Button
                  type="primary"
                  loading={updateHall.isPending}
                  onClick={() =>
                    updateHall.mutate({
                      organizationId,
                      body: {
                        version: hall.version,
                        name: name.trim(),
                        openingHours: hours.trim(),
                        openWeekdays: [...days].sort(),
                        services: services
                          .split('\n')
                          .map((s) => s.trim())
                          .filter(Boolean),
                      },
                    })
                  }
                  data-testid="study-hall-save"
                >
                  {t('common.save')}
                </Button>
              )}
            </Flex>
          </div>
        </section>

        <section className="village-card">
          <header className="village-card-head">
            <h2 className="village-card-title">{t('study.hall.roster')}</h2>
          </header>
          <div className="village-card-body">
            <Flex vertical gap={8} data-testid="study-roster">
              {roster.map((r, i) => (
                <Flex key={i} gap={6} wrap align="center" data-testid="study-roster-row">
                  <Select
                    value={r.weekday}
                    disabled={!canRoster}
                    style={{ width: 90 }}
                    onChange={(v) => setEntry(i, { weekday: v })}
                    options={WEEKDAYS.map((d) => ({ value: d, label: pick(WEEKDAY_LABELS[d]!) }))}
                  />
                  <Select
                    value={r.shift}
                    disabled={!canRoster}
                    style={{ width: 90 }}
                    onChange={(v) => setEntry(i, { shift: v })}
                    options={DUTY_SHIFTS.map((s) => ({ value: s, label: pick(DUTY_SHIFT_LABELS[s]) }))}
                  />
                  <Input
                    value={r.personName}
                    disabled={!canRoster}
                    style={{ width: 140 }}
                    maxLength={30}
                    onChange={(e) => setEntry(i, { personName: e.target.value, userId: null })}
                  />
                  {canRoster && (
                    <Button danger size="small" onClick={() => setRoster((rs) => rs.filter((_, j) => j !== i))}>
                      {t('study.hall.remove')}
                    </Button>
                  )}
                </Flex>
              ))}
              {updateRoster.error && <ErrorAlert error={updateRoster.error} />}
              {canRoster && (
                <Flex gap={8}>
                  <Button
                    onClick={() => setRoster((rs) => [...rs, { weekday: 1, shift: 'full', personName: '', userId: null }])}
                    data-testid="study-roster-add"
                  >
                    {t('study.hall.add')}
                  </Button>
                  <Button
                    type="primary"
                    loading={updateRoster.isPending}
                    disabled={roster.some((r) => !r.personName.trim())}
                    onClick={() =>
                      updateRoster.mutate({
                        organizationId,
                        body: { version: hall.version, entries: roster.map((r) => ({ ...r, personName: r.personName.trim() })) },
                      })
                    }
                    data-testid="study-roster-save"
                  >
                    {t('study.hall.saveRoster')}
                  </Button>
                </Flex>
              )}
            </Flex>
          </div>
        </section>
      </Flex>
    </div>
  );
}
