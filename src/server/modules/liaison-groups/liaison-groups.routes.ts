import type { AppDeps, AppInstance } from '../../app.ts';

/** Liaison group routes (being built). */
export function registerLiaisonGroupRoutes(_app: AppInstance, _deps: AppDeps): void {}
