import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Col, Divider, Empty, Flex, Form, List, Modal, Popconfirm, Row, Typography } from 'antd';
import { useState } from 'react';
import type { RoleAssignment } from '../../../domain/contracts/session.ts';
import type { User } from '../../../domain/contracts/users.ts';
import { ROLE_LABELS, type Role } from '../../../domain/roles.ts';
import { useCurrentUser } from '../../api/session.ts';
import { useGrantRole, useRevokeRole } from '../../api/users.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { applyFieldErrors } from '../../components/form-errors.ts';
import { OrgKindTag } from '../../components/OrgKindTag.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n } from '../../i18n/index.ts';
import { RoleSelect } from './RoleSelect.tsx';

interface GrantValues {
  role: Role;
  organizationId: string;
}

/**
 * Grants and revokes role assignments. Each change answers with the updated
 * user, whose new version is used for the next change.
 */
export function RolesModal({ user: initialUser, open, onClose }: { user: User; open: boolean; onClose: () => void }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [user, setUser] = useState(initialUser);
  const [form] = Form.useForm<GrantValues>();
  const grant = useGrantRole();
  const revoke = useRevokeRole();

  const canGrant = user.allowedActions.includes('grantRole');
  const me = useCurrentUser();
  const canRevoke = user.allowedActions.includes('revokeRole');
  // The server refuses to revoke one's own admin role (another admin must): the DTO's allowedActions are per user,
  // not per assignment, so that one exception is left out here rather than offered and refused.
  const canRevokeRole = (r: RoleAssignment) => canRevoke && !(user.id === me.id && r.role === 'district_admin');

  const onGrant = async (values: GrantValues) => {
    try {
      setUser(await grant.mutateAsync({ user, grant: values }));
      form.resetFields();
      void message.success(t('user.roles.granted'));
    } catch (err) {
      applyFieldErrors(form, err);
    }
  };

  const onRevoke = async (assignment: RoleAssignment) => {
    try {
      setUser(await revoke.mutateAsync({ user, assignmentId: assignment.id }));
      void message.success(t('user.roles.revoked'));
    } catch (err) {
      notifyError(err);
    }
  };

  return (
    <Modal
      open={open}
      title={t('user.roles.title', { name: user.displayName })}
      onCancel={onClose}
      footer={
        <Button onClick={onClose} data-testid="user-roles-close">
          {t('common.close')}
        </Button>
      }
      destroyOnHidden
      width={600}
      centered
    >
      <Typography.Text strong>{t('user.roles.current')}</Typography.Text>
      {user.roles.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('user.noRoles')} />
      ) : (
        <List<RoleAssignment>
          dataSource={user.roles}
          rowKey="id"
          data-testid="user-roles-list"
          renderItem={(r) => (
            <List.Item>
              <Flex justify="space-between" align="center" gap={8} style={{ width: '100%' }}>
                <span>
                  {pick(ROLE_LABELS[r.role])} @ {r.organizationName} <OrgKindTag kind={r.organizationKind} />
                </span>
                {canRevokeRole(r) && (
                  <Popconfirm
                    title={t('user.roles.revokeConfirm', { role: pick(ROLE_LABELS[r.role]), org: r.organizationName })}
                    okText={t('user.roles.revoke')}
                    cancelText={t('common.cancel')}
                    okButtonProps={{ danger: true, 'data-testid': 'user-role-revoke-confirm' }}
                    onConfirm={() => onRevoke(r)}
                  >
                    <Button danger loading={revoke.isPending && revoke.variables.assignmentId === r.id} data-testid="user-role-revoke">
                      {t('user.roles.revoke')}
                    </Button>
                  </Popconfirm>
                )}
              </Flex>
            </List.Item>
          )}
        />
      )}

      {canGrant && (
        <>
          <Divider style={{ margin: '12px 0' }} />
          <Typography.Text strong>{t('user.roles.grant')}</Typography.Text>
          {grant.error ? <ErrorAlert error={grant.error} /> : null}
          <Form<GrantValues> form={form} layout="vertical" onFinish={(v) => void onGrant(v)} style={{ marginTop: 8 }}>
            <Row gutter={8}>
              <Col xs={24} sm={9}>
                <Form.Item name="role" label={t('user.role')} rules={[{ required: true, message: t('user.pickRole') }]}>
                  <RoleSelect data-testid="user-grant-role" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={15}>
                <Form.Item
                  name="organizationId"
                  label={t('user.organization')}
                  rules={[{ required: true, message: t('user.pickOrganization') }]}
                >
                  <OrgTreeSelect placeholder={t('user.pickOrganization')} data-testid="user-grant-organization" />
                </Form.Item>
              </Col>
            </Row>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={grant.isPending} data-testid="user-grant-submit">
              {t('user.roles.grantButton')}
            </Button>
          </Form>
        </>
      )}
    </Modal>
  );
}
