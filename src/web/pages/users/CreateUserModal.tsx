import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Form, Input, Row, Typography } from 'antd';
import type { Role } from '../../../domain/roles.ts';
import { useCreateUser } from '../../api/users.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { NewPasswordFields } from '../../components/PasswordFields.tsx';
import { useI18n } from '../../i18n/index.ts';
import { RoleSelect } from './RoleSelect.tsx';
import { emailRules, USERNAME_PATTERN, PHONE_PATTERN } from './user-fields.ts';

interface Values {
  username: string;
  displayName: string;
  phone?: string;
  email?: string;
  newPassword: string;
  confirmPassword: string;
  roles: { role?: Role; organizationId?: string }[];
}

export function CreateUserModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (name: string) => void }) {
  const { t } = useI18n();
  const create = useCreateUser();

  return (
    <FormModal<Values>
      open={open}
      title={t('user.create')}
      okText={t('user.create')}
      onClose={onClose}
      testIdPrefix="user-create"
      width={640}
      initialValues={{ roles: [{}] }}
      onSubmit={async (values) => {
        const phone = values.phone?.trim();
        const email = values.email?.trim();
        const user = await create.mutateAsync({
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          ...(phone ? { phone } : {}),
          ...(email ? { email } : {}),
          password: values.newPassword,
          roles: values.roles.flatMap((r) => (r.role && r.organizationId ? [{ role: r.role, organizationId: r.organizationId }] : [])),
        });
        onCreated(user.displayName);
      }}
    >
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item
            label={t('user.username')}
            name="username"
            extra={t('user.usernameHelp')}
            rules={[{ required: true, pattern: USERNAME_PATTERN, message: t('user.usernameInvalid') }]}
          >
            <Input autoCapitalize="none" spellCheck={false} autoComplete="off" data-testid="user-create-username" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            label={t('user.displayName')}
            name="displayName"
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('user.displayName') }) }, { max: 64 }]}
          >
            <Input data-testid="user-create-displayName" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item label={t('user.phone')} name="phone" rules={[{ pattern: PHONE_PATTERN, message: t('user.phoneInvalid') }]}>
            <Input inputMode="tel" autoComplete="off" data-testid="user-create-phone" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item label={t('user.email')} name="email" extra={t('user.emailHelp')} rules={emailRules(t('user.emailInvalid'))}>
            <Input
              type="email"
              inputMode="email"
              autoCapitalize="none"
              spellCheck={false}
              autoComplete="off"
              data-testid="user-create-email"
            />
          </Form.Item>
        </Col>
      </Row>
      <NewPasswordFields label="user.initialPassword" testIdPrefix="user-create-password" />

      <Typography.Text strong>{t('user.roles')}</Typography.Text>
      <Form.List name="roles">
        {(fields, { add, remove }) => (
          <div className="role-rows">
            {fields.map((field) => (
              <Row gutter={8} key={field.key} align="top" className="role-row">
                <Col xs={24} sm={9}>
                  <Form.Item name={[field.name, 'role']} rules={[{ required: true, message: t('user.pickRole') }]}>
                    <RoleSelect data-testid="user-create-role" />
                  </Form.Item>
                </Col>
                <Col xs={20} sm={13}>
                  <Form.Item name={[field.name, 'organizationId']} rules={[{ required: true, message: t('user.pickOrganization') }]}>
                    <OrgTreeSelect placeholder={t('user.pickOrganization')} data-testid="user-create-organization" />
                  </Form.Item>
                </Col>
                <Col xs={4} sm={2}>
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('user.removeRole')}
                    title={t('user.removeRole')}
                    onClick={() => remove(field.name)}
                  />
                </Col>
              </Row>
            ))}
            <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({})}>
              {t('user.addRole')}
            </Button>
          </div>
        )}
      </Form.List>
    </FormModal>
  );
}
