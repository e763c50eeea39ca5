import type { AppDeps, AppInstance } from '../../app.ts';

/** Standard catalog routes (being built). */
export function registerStandardRoutes(_app: AppInstance, _deps: AppDeps): void {}
