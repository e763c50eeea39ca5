import { PrinterOutlined, SettingOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, DatePicker, Empty, Flex, Form, InputNumber, List, Row, Space, Statistic, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { weekLabel } from '../../../domain/cadence.ts';
import type { BoardVillage, VenueBoard } from '../../../domain/contracts/venues.ts';
import { useUpdateVenueSettings, useVenueBoard, useVenueSettings } from '../../api/venues.ts';
import { EChart, type EChartOption } from '../../components/charts/EChart.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { LateTags, VenueTabs, venuePaths } from './venue-ui.tsx';
import { campaignTitle } from '../../../domain/venue-campaign-title.ts';

/** Stands for the deadline in the countdown's text, where the date is put in as an unbreakable element. */
const DATE_MARK = '\u2063';

/** The countdown and the figures at the top of the board (also on the print view). */
export function BoardFigures({ board }: { board: VenueBoard }) {
  const { t } = useI18n();
  const c = board.campaign;
  return (
    <Card size="small" className="venue-countdown">
      <Typography.Paragraph strong style={{ marginBottom: 8 }} data-testid="venue-countdown">
        {/* The date is never broken at a hyphen ("2027-01-" over "05" on a phone). */}
        {(c.daysLeft >= 0
          ? t('venues.board.countdown', { deadline: DATE_MARK, days: c.daysLeft })
          : t('venues.board.pastDeadline', { deadline: DATE_MARK, days: -c.daysLeft })
        )
          .split(DATE_MARK)
          .flatMap((part, i) =>
            i === 0
              ? [part]
              : [
                  <span key={i} className="nowrap">
                    {c.deadline}
                  </span>,
                  part,
                ],
          )}
      </Typography.Paragraph>
      <Row gutter={[12, 12]}>
        <Col xs={8} md={4}>
          <Statistic title={t('venues.board.baseline')} value={board.baseline} />
        </Col>
        <Col xs={8} md={4}>
          <Statistic title={t('venues.board.cleared')} value={board.cleared} valueStyle={{ color: '#389e0d' }} />
        </Col>
        <Col xs={8} md={4}>
          <span data-testid="venue-board-left" data-left={board.left}>
            <Statistic title={t('venues.board.left')} value={board.left} valueStyle={{ color: board.left ? '#cf1322' : '#389e0d' }} />
          </span>
        </Col>
        <Col xs={8} md={4}>
          <Statistic
            title={t('venues.board.overdue')}
            value={board.overdue}
            valueStyle={{ color: board.overdue ? '#cf1322' : undefined }}
          />
        </Col>
        <Col xs={8} md={4}>
          <Statistic title={t('venues.board.stalled')} value={board.stalled} />
        </Col>
        <Col xs={8} md={4}>
          <Statistic
            className="venue-days-left"
            title={t('venues.board.daysLeft')}
            value={Math.max(c.daysLeft, 0)}
            suffix={t('venues.board.days')}
          />
        </Col>
      </Row>
    </Card>
  );
}

function BurnDown({ board }: { board: VenueBoard }) {
  const { t, lang } = useI18n();
  const option = useMemo<EChartOption>(
    () => ({
      grid: { left: 36, right: 16, top: 40, bottom: 28 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, left: 0, data: [t('venues.board.actual'), t('venues.board.ideal')] },
      xAxis: { type: 'category', data: board.burnDown.map((p) => p.week.slice(5)) },
      yAxis: { type: 'value', minInterval: 1, min: 0 },
      series: [
        {
          name: t('venues.board.actual'),
          type: 'line',
          // Straight segments, not a step: ECharts draws a step's last tread on into the next week, a week not yet lived.
          data: board.burnDown.map((p) => p.left),
          itemStyle: { color: '#cf1322' },
          label: { show: true },
        },
        {
          name: t('venues.board.ideal'),
          type: 'line',
          data: board.burnDown.map((p) => p.ideal),
          lineStyle: { type: 'dashed' },
          itemStyle: { color: '#8c8c8c' },
          symbol: 'none',
        },
      ],
    }),
    [board, t],
  );
  return (
    <Card size="small" title={t('venues.board.burnDown')}>
      <EChart
        option={option}
        height={260}
        imageName="venue-burn-down"
        ariaLabel={t('venues.board.burnDownAria', {
          from: board.burnDown[0] ? weekLabel(board.burnDown[0].week, lang) : '',
          left: board.left,
        })}
        data-testid="venue-burn-down"
      />
    </Card>
  );
}

/** One venue on the board: village, state in words, reasons, the project's step and flags. */
function VillageRow({ v }: { v: BoardVillage }) {
  const { t, lang } = useI18n();
  return (
    <List.Item
      data-testid={`venue-row-${v.organizationName}`}
      data-standing={v.standing}
      actions={
        v.project
          ? [
              <Link key="open" to={venuePaths.project(v.project.id)} className="tap-target" data-testid="venue-row-project">
                {t('venues.board.openProject')}
              </Link>,
            ]
          : v.onList
            ? [
                <Link key="reg" to={venuePaths.register} className="tap-target">
                  {t('venues.board.toRegister')}
                </Link>,
              ]
            : []
      }
    >
      <List.Item.Meta
        title={
          <Space wrap size={4}>
            <span>{v.organizationName}</span>
            {v.subdistrictName ? <Typography.Text type="secondary">{v.subdistrictName}</Typography.Text> : null}
            {v.standing === 'cleared' ? <Tag color="green">{t('venues.standing.cleared')}</Tag> : null}
            {/* The project's step and kind are said in words below (财政局评审中（扩建）); as tags too, they said it twice. */}
            {v.project && v.onList ? <LateTags daysOverdue={v.project.daysOverdue} stalled={v.project.stalled} /> : null}
          </Space>
        }
        description={
          <Flex vertical gap={2}>
            <Typography.Text data-testid="venue-row-state">{lang === 'zh' ? v.stateZh : v.stateEn}</Typography.Text>
            {v.reasons.length ? (
              <Typography.Text type="secondary">
                {t('venues.board.reasons', {
                  reasons: v.reasons.map((r) => (lang === 'zh' ? r.zh : r.en)).join(lang === 'zh' ? '；' : '; '),
                })}
              </Typography.Text>
            ) : null}
          </Flex>
        }
      />
    </List.Item>
  );
}

/** The deadline, the campaign's start and the stalled threshold (district officers). */
function CampaignModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const settings = useVenueSettings(open);
  const save = useUpdateVenueSettings();
  const s = settings.data;
  if (!open || !s) return null;
  return (
    <FormModal<{
      deadline: dayjs.Dayjs;
      startedOn: dayjs.Dayjs | null;
      stalledWeeks: number;
      villageMinArea: number;
      communityMinArea: number;
    }>
      open
      title={t('venues.settings.title')}
      testIdPrefix="venue-settings"
      onClose={onClose}
      initialValues={{
        deadline: dayjs(s.deadline),
        startedOn: s.settings.campaign.startedOn ? dayjs(s.settings.campaign.startedOn) : null,
        stalledWeeks: s.settings.cadence.stalledWeeks,
        villageMinArea: s.settings.rules.villageMinArea,
        communityMinArea: s.settings.rules.communityMinArea,
      }}
      onSubmit={async (v) => {
        await save.mutateAsync({
          version: s.version,
          settings: {
            ...s.settings,
            campaign: {
              ...s.settings.campaign,
              deadline: v.deadline.format('YYYY-MM-DD'),
              startedOn: v.startedOn ? v.startedOn.format('YYYY-MM-DD') : null,
            },
            cadence: { ...s.settings.cadence, stalledWeeks: v.stalledWeeks },
            rules: { ...s.settings.rules, villageMinArea: v.villageMinArea, communityMinArea: v.communityMinArea },
          },
        });
        void message.success(t('common.saved'));
      }}
    >
      <Form.Item name="deadline" label={t('venues.settings.deadline')} rules={[{ required: true }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="startedOn" label={t('venues.settings.startedOn')}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="stalledWeeks" label={t('venues.settings.stalledWeeks')} rules={[{ required: true }]}>
        <InputNumber min={1} max={52} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="villageMinArea" label={t('venues.settings.villageMinArea')} rules={[{ required: true }]}>
        <InputNumber min={0} max={100000} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="communityMinArea" label={t('venues.settings.communityMinArea')} rules={[{ required: true }]}>
        <InputNumber min={0} max={100000} style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}

/** 清零行动看板: countdown, burn-down by week, each village's state in words, overdue and stalled flagged. */
export function VenueBoardPage() {
  const { t } = useI18n();
  const board = useVenueBoard();
  const settings = useVenueSettings();
  const [editing, setEditing] = useState(false);
  const b = board.data;
  return (
    <div className="page-panel venue-page">
      <PageTitle
        title={campaignTitle(b?.campaign.name, t('venues.pageTitle'))}
        extra={
          <Space wrap>
            {settings.data?.allowedActions.includes('edit') ? (
              <Button icon={<SettingOutlined />} onClick={() => setEditing(true)} data-testid="venue-settings-open">
                {t('venues.settings.open')}
              </Button>
            ) : null}
            <Link to={venuePaths.print}>
              <Button icon={<PrinterOutlined />} data-testid="venue-board-print">
                {t('venues.board.print')}
              </Button>
            </Link>
          </Space>
        }
      />
      <VenueTabs />
      {board.error ? <ErrorAlert error={board.error} onRetry={() => void board.refetch()} /> : null}
      {b ? (
        <Flex vertical gap={12} style={{ marginTop: 12 }}>
          <BoardFigures board={b} />
          <BurnDown board={b} />
          <Card size="small" title={t('venues.board.villages')}>
            {b.villages.length === 0 ? (
              <Empty description={t('venues.board.empty')} />
            ) : (
              <List data-testid="venue-board-villages" dataSource={b.villages} renderItem={(v) => <VillageRow key={v.venueId} v={v} />} />
            )}
          </Card>
        </Flex>
      ) : null}
      <CampaignModal open={editing} onClose={() => setEditing(false)} />
    </div>
  );
}
