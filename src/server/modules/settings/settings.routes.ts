import { STANDARD_ERROR_RESPONSES } from '../../../domain/contracts/common.ts';
import { CadenceSettingsSchema, UpdateCadenceSettingsBodySchema } from '../../../domain/contracts/settings.ts';
import type { AppDeps, AppInstance } from '../../http/app-types.ts';
import { authedContext } from '../../http/auth.ts';
import * as service from './settings.service.ts';

const errors = STANDARD_ERROR_RESPONSES;
const tags = ['settings'];

export function registerSettingsRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/api/settings/cadence',
    { schema: { tags, summary: '规则设置 The cadence rules in force', response: { 200: CadenceSettingsSchema, ...errors } } },
    async (request) => service.getCadenceSettings(authedContext(request, deps)),
  );
  app.put(
    '/api/settings/cadence',
    {
      schema: {
        tags,
        summary: '修改规则设置 Change the RAG, ranking, interview, reminder and report rules (district admin)',
        body: UpdateCadenceSettingsBodySchema,
        response: { 200: CadenceSettingsSchema, ...errors },
      },
    },
    async (request) => service.updateCadenceSettings(authedContext(request, deps), request.body),
  );
}
