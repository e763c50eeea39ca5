import type { CheckResult } from '../../../domain/contracts/inspections.ts';
import type { Severity } from '../../../domain/contracts/problems.ts';
import type { ProblemStatus } from '../../../domain/problem-workflow.ts';

/** Copies of label tables from zod-importing contracts, so the bundle stays free of zod (see labels.test.ts). */
export const SEVERITY_LABELS = {
  minor: { zh: '一般', en: 'Minor' },
  major: { zh: '较重', en: 'Major' },
  critical: { zh: '严重', en: 'Critical' },
} as const satisfies Record<Severity, { zh: string; en: string }>;

export const SEVERITIES: readonly Severity[] = ['minor', 'major', 'critical'];

export const CHECK_RESULT_LABELS = {
  meets: { zh: '达标', en: 'Meets' },
  fails: { zh: '不达标', en: 'Fails' },
  na: { zh: '不适用', en: 'N/A' },
} as const satisfies Record<CheckResult, { zh: string; en: string }>;

export const STATUS_COLORS: Record<ProblemStatus, string> = {
  open: 'red',
  rectifying: 'orange',
  submitted: 'blue',
  accepted: 'cyan',
  closed: 'green',
  withdrawn: 'default',
};

export const SEVERITY_COLORS: Record<Severity, string> = {
  minor: 'default',
  major: 'orange',
  critical: 'red',
};
