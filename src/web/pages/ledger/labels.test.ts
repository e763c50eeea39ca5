import { describe, expect, it } from 'vitest';
import { CHECK_RESULT_LABELS as DOMAIN_CHECK_RESULT_LABELS } from '../../../domain/contracts/inspections.ts';
import { SEVERITIES as DOMAIN_SEVERITIES, SEVERITY_LABELS as DOMAIN_SEVERITY_LABELS } from '../../../domain/contracts/problems.ts';
import { CHECK_RESULT_LABELS, SEVERITIES, SEVERITY_LABELS } from './labels.ts';

describe('web copies of problem and inspection labels', () => {
  it('agree with the domain contracts', () => {
    expect(SEVERITY_LABELS).toEqual(DOMAIN_SEVERITY_LABELS);
    expect([...SEVERITIES]).toEqual([...DOMAIN_SEVERITIES]);
    expect(CHECK_RESULT_LABELS).toEqual(DOMAIN_CHECK_RESULT_LABELS);
  });
});
