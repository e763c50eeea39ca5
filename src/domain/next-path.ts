/** The login page's own address (with or without a query), which is never a destination after signing in. */
export function isLoginPath(url: string): boolean {
  return /^\/login(?:[/?#]|$)/.test(url);
}

/**
 * Where to go after signing in: only a path of this site, else the dashboard. Not `//evil.example` nor what a
 * browser reads as such (`/\evil.example`, or a tab or newline inside, which URL parsing drops), not the login page
 * again. The web app's login page and the server's answer to the login form (POST /login) both use it.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !/^\/(?![/\\])/.test(next) || /[\s\\]/.test(next) || isLoginPath(next)) return '/dashboard';
  return next;
}
