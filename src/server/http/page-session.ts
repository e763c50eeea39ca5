/**
 * Who is signed in, for a page's first load: GET /api/session's answer, written into index.html by registerWeb
 * (src/server/app.ts) so that the web app asks for the page's figures at once instead of first asking who it is. On a
 * slow line (Fast 3G: 0.56 s a round trip) that is one round trip fewer before a page shows.
 */
export { PAGE_SESSION_ELEMENT_ID, STATIC_LOGIN_FILE } from '../../domain/page-session.ts';

/**
 * A `<script type="application/json">` data block: the browser runs none of it (the Content-Security-Policy's
 * script-src does not apply to it) and the app reads it with JSON.parse. Every `<` is written as `\u003c`, which
 * JSON reads back as `<`, so no text in it (a display name with `</script>` in it) can end the element.
 */
export function jsonDataBlock(id: string, value: unknown): string {
  return `<script type="application/json" id="${id}">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`;
}

/** Puts `block` at the end of the document's body (the app's module script runs after the whole document is parsed). */
export function withBlockInBody(html: string, block: string): string {
  const end = html.lastIndexOf('</body>');
  return end === -1 ? html + block : html.slice(0, end) + block + html.slice(end);
}
