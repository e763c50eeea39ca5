/**
 * A cookie that tells the server "this browser holds a session until …". It is only a hint and holds no
 * secret (the session itself is the httpOnly `tz_session` cookie): on a first load of a page behind the
 * sign-in, the server then names the signed-in pages' code in index.html, so that a phone on a slow line
 * asks for it at once instead of after the app's entry has arrived and run (registerWeb in src/server/app.ts
 * reads it under the same name).
 */
import { SIGNED_IN_HINT_COOKIE } from '../../domain/page-session.ts';

export { SIGNED_IN_HINT_COOKIE };

/** Sets the hint to the session's end, or clears it when signed out. */
export function rememberSession(expiresAt: string | null | undefined): void {
  const until = expiresAt ? Date.parse(expiresAt) : Number.NaN;
  const seconds = Math.floor((until - Date.now()) / 1000);
  const secure = typeof location !== 'undefined' && location.protocol === 'https:' ? '; secure' : '';
  document.cookie =
    Number.isFinite(seconds) && seconds > 0
      ? `${SIGNED_IN_HINT_COOKIE}=${until}; path=/; max-age=${seconds}; samesite=lax${secure}`
      : `${SIGNED_IN_HINT_COOKIE}=; path=/; max-age=0; samesite=lax${secure}`;
}
