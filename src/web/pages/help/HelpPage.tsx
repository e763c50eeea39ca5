import { Card, Collapse, Typography } from 'antd';
import { Link } from 'react-router';
import { useCurrentUser } from '../../api/session.ts';
import { paths } from '../../app/paths.ts';
import { worksOnVillagesOnly } from '../../app/nav-rules.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { useI18n } from '../../i18n/index.ts';
import { helpSectionsFor, type HelpText } from './help-content.ts';

/**
 * 使用说明: the everyday tasks step by step, for the reader's own work first (a village secretary's, a liaison
 * group's, the district's), then what holds for everyone (a weak connection, the bell, a forgotten password). The
 * text lives here, not in the dictionaries every page loads: only this page downloads it.
 */
export function HelpPage() {
  const { pick } = useI18n();
  const user = useCurrentUser();
  const sections = helpSectionsFor({ permissions: user.permissions, villageOnly: worksOnVillagesOnly(user) });
  const text = (x: HelpText) => pick(x);
  return (
    <>
      <PageTitle title={pick({ zh: '使用说明', en: 'How to' })} />
      <Typography.Paragraph type="secondary">
        {pick({
          zh: '下面是您日常要做的事，按步骤写明。点标题展开；找不到的功能，请问区党群工作部。',
          en: 'Your everyday tasks, step by step. Tap a title to open it; for anything not here, ask the district office.',
        })}
      </Typography.Paragraph>
      {sections.map((s) => (
        <Card key={s.key} size="small" title={text(s.title)} style={{ marginBottom: 12 }} data-testid={`help-${s.key}`}>
          <Collapse
            ghost
            defaultActiveKey={s.topics.length === 1 ? [s.topics[0]!.key] : []}
            items={s.topics.map((topic) => ({
              key: topic.key,
              label: <strong>{text(topic.title)}</strong>,
              children: (
                <ol className="help-steps" data-testid={`help-topic-${topic.key}`}>
                  {topic.steps.map((step, i) => (
                    <li key={i}>{text(step)}</li>
                  ))}
                </ol>
              ),
            }))}
          />
        </Card>
      ))}
      <Typography.Paragraph type="secondary">
        <Link to={paths.home}>{pick({ zh: '回到工作台', en: 'Back to the dashboard' })}</Link>
      </Typography.Paragraph>
    </>
  );
}
