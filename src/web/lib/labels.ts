import type { AuditEntityType, AuditEventType } from '../../domain/audit-events.ts';

type Label = { zh: string; en: string };

/** One label per audit event type; a new event type breaks the build until it is named here. */
export const AUDIT_EVENT_LABELS: Record<AuditEventType, Label> = {
  'organization.created': { zh: '创建组织', en: 'Organization created' },
  'organization.updated': { zh: '修改组织', en: 'Organization updated' },
  'organization.moved': { zh: '移动组织', en: 'Organization moved' },
  'organization.archived': { zh: '归档组织', en: 'Organization archived' },
  'organization.restored': { zh: '恢复组织', en: 'Organization restored' },
  'user.created': { zh: '创建用户', en: 'User created' },
  'user.updated': { zh: '修改用户', en: 'User updated' },
  'user.role_granted': { zh: '授予角色', en: 'Role granted' },
  'user.role_revoked': { zh: '撤销角色', en: 'Role revoked' },
  'user.password_changed': { zh: '修改密码', en: 'Password changed' },
  'user.password_reset': { zh: '重置密码', en: 'Password reset' },
  'session.created': { zh: '登录', en: 'Signed in' },
  'session.ended': { zh: '退出登录', en: 'Signed out' },
  'session.login_failed': { zh: '登录失败', en: 'Sign-in failed' },
  'standard.version_created': { zh: '新建标准版本', en: 'Standard version created' },
  'standard.draft_edited': { zh: '修改标准草稿', en: 'Standard draft edited' },
  'standard.version_published': { zh: '发布标准版本', en: 'Standard version published' },
  'liaison_group.created': { zh: '新建包联组', en: 'Liaison group created' },
  'liaison_group.updated': { zh: '修改包联组', en: 'Liaison group updated' },
  'inspection.round_created': { zh: '发起排查', en: 'Inspection round created' },
  'inspection.result_recorded': { zh: '记录排查结果', en: 'Check recorded' },
  'inspection.status_changed': { zh: '排查状态变更', en: 'Inspection status changed' },
  'problem.created': { zh: '登记问题', en: 'Problem recorded' },
  'problem.transitioned': { zh: '问题状态变更', en: 'Problem status changed' },
  'problem.updated': { zh: '修改问题', en: 'Problem updated' },
  'problem.progress_noted': { zh: '填报整改进展', en: 'Progress noted' },
  'measure.created': { zh: '新建整改措施', en: 'Measure created' },
  'measure.updated': { zh: '修改整改措施', en: 'Measure updated' },
  'evidence.uploaded': { zh: '上传佐证材料', en: 'Evidence uploaded' },
  'ledger.imported': { zh: '导入台账', en: 'Ledger imported' },
  'system.demo_seeded': { zh: '导入演示数据', en: 'Demo data seeded' },
  'settings.updated': { zh: '修改规则设置', en: 'Rules changed' },
  'snapshot.frozen': { zh: '生成周统计', en: 'Weekly snapshot frozen' },
  'weekly_report.saved': { zh: '保存周报', en: 'Weekly report saved' },
  'weekly_report.submitted': { zh: '提交周报', en: 'Weekly report filed' },
  'weekly_report.returned': { zh: '退回周报', en: 'Weekly report sent back' },
  'weekly_report.commented': { zh: '点评周报', en: 'Weekly report commented' },
  'circular.created': { zh: '生成通报草稿', en: 'Circular drafted' },
  'circular.edited': { zh: '修改通报', en: 'Circular edited' },
  'circular.published': { zh: '印发通报', en: 'Circular published' },
  'circular.deleted': { zh: '删除通报草稿', en: 'Circular draft deleted' },
  'interview.scheduled': { zh: '安排约谈', en: 'Interview scheduled' },
  'interview.updated': { zh: '更新约谈', en: 'Interview updated' },
  'notification.read': { zh: '已读提醒', en: 'Notifications read' },
};

export const AUDIT_ENTITY_LABELS: Record<AuditEntityType, Label> = {
  organization: { zh: '组织', en: 'Organization' },
  user: { zh: '用户', en: 'User' },
  session: { zh: '登录会话', en: 'Session' },
  system: { zh: '系统', en: 'System' },
  standard: { zh: '规范化标准', en: 'Standard' },
  liaison_group: { zh: '包联组', en: 'Liaison group' },
  inspection: { zh: '排查', en: 'Inspection' },
  problem: { zh: '问题', en: 'Problem' },
  measure: { zh: '整改措施', en: 'Measure' },
  evidence: { zh: '佐证材料', en: 'Evidence' },
  settings: { zh: '规则设置', en: 'Settings' },
  snapshot: { zh: '周统计', en: 'Weekly snapshot' },
  weekly_report: { zh: '周报', en: 'Weekly report' },
  circular: { zh: '通报', en: 'Circular' },
  interview: { zh: '约谈', en: 'Interview' },
  notification: { zh: '提醒', en: 'Notification' },
};

/** Field names found in audit before/after snapshots. */
export const AUDIT_FIELD_LABELS: Record<string, Label> = {
  name: { zh: '名称', en: 'Name' },
  code: { zh: '编码', en: 'Code' },
  kind: { zh: '类型', en: 'Kind' },
  parentId: { zh: '上级组织', en: 'Parent' },
  archived: { zh: '已归档', en: 'Archived' },
  username: { zh: '用户名', en: 'Username' },
  displayName: { zh: '姓名', en: 'Name' },
  phone: { zh: '电话', en: 'Phone' },
  email: { zh: '电子邮箱', en: 'Email' },
  disabled: { zh: '已停用', en: 'Disabled' },
  role: { zh: '角色', en: 'Role' },
  organizationId: { zh: '组织', en: 'Organization' },
  roles: { zh: '角色', en: 'Roles' },
  reason: { zh: '原因', en: 'Reason' },
  assignmentId: { zh: '角色分配编号', en: 'Assignment ID' },
  organizations: { zh: '组织数', en: 'Organizations' },
  users: { zh: '用户数', en: 'Users' },
};

export function isKnownEventType(type: string): type is AuditEventType {
  return Object.hasOwn(AUDIT_EVENT_LABELS, type);
}

export function isKnownEntityType(type: string): type is AuditEntityType {
  return Object.hasOwn(AUDIT_ENTITY_LABELS, type);
}
