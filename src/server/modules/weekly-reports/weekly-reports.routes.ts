import type { AppDeps, AppInstance } from '../../app.ts';

// Placeholder: routes arrive with the module.
export function registerWeeklyReportRoutes(app: AppInstance, deps: AppDeps): void {
  void app;
  void deps;
}
