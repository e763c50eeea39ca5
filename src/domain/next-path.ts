/**
 * Where to go after signing in: only a path of this site, else the dashboard. Not `//evil.example` nor what a
 * browser reads as such (`/\evil.example`, or a tab or newline inside, which URL parsing drops), not the login page
 * again. The web app's login page and the server's answer to the login form (POST /login) both use it.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !/^\/(?![/\\])/.test(next) || /[\s\\]/.test(next) || /^\/login(?:[/?#]|$)/.test(next)) return '/dashboard';
  return next;
}
