/**
 * The id of the data block (`<script type="application/json">`) in which the server gives a page's first load
 * behind the sign-in GET /api/session's answer, so that the app need not ask for it (src/server/http/page-session.ts
 * writes it, src/web/api/session.ts reads it). A module of its own: the web app's entry imports it, and must not
 * pull in the contracts' zod with it.
 */
export const PAGE_SESSION_ELEMENT_ID = 'tz-session';

/**
 * The login page's HTML, written by the build beside index.html (scripts/web-build.ts, staticLoginPage); the server
 * puts it into the page it sends for /login (registerWeb in src/server/app.ts), so that the form shows before the
 * app's code has arrived.
 */
export const STATIC_LOGIN_FILE = 'login-page.html';
