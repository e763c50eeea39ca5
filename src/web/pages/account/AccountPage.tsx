import { Card, Col, Descriptions, Row } from 'antd';
import { useCurrentUser } from '../../api/session.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { RoleTags } from '../../components/RoleTags.tsx';
import { useI18n } from '../../i18n/index.ts';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';

export function AccountPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  return (
    <>
      <PageTitle title={t('account.pageTitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('account.profile')}>
            <Descriptions
              column={1}
              items={[
                { key: 'displayName', label: t('user.displayName'), children: user.displayName },
                { key: 'username', label: t('user.username'), children: user.username },
                { key: 'roles', label: t('user.roles'), children: <RoleTags roles={user.roles} /> },
              ]}
              data-testid="account-profile"
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('account.changePassword')}>
            <ChangePasswordForm />
          </Card>
        </Col>
      </Row>
    </>
  );
}
