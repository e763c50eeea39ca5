import sanitizeHtml from 'sanitize-html';

/**
 * An article body as it may be stored and shown: sanitized on the server
 * with `sanitize-html` before it is saved (and again, cheaply, when
 * previewed), so that what officers paste from elsewhere cannot carry a
 * script, an event handler, a style, a frame or a foreign image. Links keep
 * http(s) and mailto only and open nothing by themselves; images may only be
 * the article's own uploads.
 */

/** Where an article image is served on the portal (published articles only). */
export const ARTICLE_IMAGE_PATH = '/public/files/article-images/';
const OWN_IMAGE = /^\/public\/files\/article-images\/[0-9a-f-]{36}$/;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'h2',
    'h3',
    'h4',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'figure',
    'figcaption',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'hr',
  ],
  allowedAttributes: {
    // rel and loading are set by transformTags below, never taken from the input.
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'width', 'height', 'loading'],
    th: ['colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { href: attribs.href ?? '', title: attribs.title ?? '', rel: 'noopener noreferrer nofollow' },
    }),
    img: (tagName, attribs) => {
      const { src, width, height, alt } = attribs;
      return { tagName, attribs: { src: src ?? '', alt: alt ?? '', loading: 'lazy', ...(width && { width }), ...(height && { height }) } };
    },
  },
  // A foreign image is dropped whole. (Renaming it to a tag that is then discarded left the
  // sanitizer closing the enclosing link with that tag's name: "<a …>text</span>".)
  exclusiveFilter: (frame) => frame.tag === 'img' && !OWN_IMAGE.test(frame.attribs.src ?? ''),
};

export function sanitizeArticleHtml(body: string): string {
  return sanitizeHtml(body, OPTIONS).trim();
}

/**
 * The body sanitized as above with `mask` applied to what a reader reads and
 * to nothing else: the text between tags, a link's title and an image's alt
 * text. Masking the markup as a whole could rewrite a tag or an attribute
 * when a word of the masking list (a name) or a number appears in it.
 */
export function maskArticleHtml(body: string, mask: (text: string) => string): string {
  const once = maskPieces(body, mask, OPTIONS);
  const plain = plainTextOf(once);
  if (mask(plain) === plain) return once;
  // A name or a number split by inline markup (<strong>陈</strong>晓梅, <b>138</b>0013 8000) passed piece by
  // piece: without the inline markup its text is one piece, which the mask sees whole.
  const plainer = sanitizeHtml(body, { ...OPTIONS, allowedTags: (OPTIONS.allowedTags as string[]).filter((t) => !INLINE_TAGS.has(t)) });
  return maskPieces(plainer, mask, OPTIONS);
}

/** Emphasis only: taken off (its text kept) when it splits what the mask must see whole. */
const INLINE_TAGS = new Set(['strong', 'b', 'em', 'i', 'u', 's']);

function maskPieces(body: string, mask: (text: string) => string, options: sanitizeHtml.IOptions): string {
  const tags = OPTIONS.transformTags as Record<string, sanitizeHtml.Transformer>;
  const masked = (name: string, attr: string): sanitizeHtml.Transformer => {
    return (tagName, attribs) => {
      const t = tags[name]!(tagName, attribs);
      const value = t.attribs[attr];
      return value ? { ...t, attribs: { ...t.attribs, [attr]: mask(value) } } : t;
    };
  };
  // A mail link whose address holds what the mask hides (mailto:13800138000@qq.com) keeps its text, not its
  // address. Web addresses are left as written (a page's number in its path is no phone).
  const link: sanitizeHtml.Transformer = (tagName, attribs) => {
    const t = masked('a', 'title')(tagName, attribs);
    const href = t.attribs.href;
    if (!href || !/^mailto:/i.test(href.trim())) return t;
    const address = decodeSafely(href.trim().slice('mailto:'.length)).replace(/@/g, ' @');
    if (mask(address) === address) return t;
    const { href: _dropped, ...rest } = t.attribs;
    return { ...t, attribs: rest };
  };
  return sanitizeHtml(body, {
    ...options,
    // The text arrives escaped (&amp; &lt; …); the masks' replacements (张*, ***) need no escaping.
    textFilter: (text) => mask(text),
    transformTags: { a: link, img: masked('img', 'alt') },
  }).trim();
}

function decodeSafely(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

function plainTextOf(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} });
}

/** The first words of the body as plain text, for lists. */
export function summaryOf(html: string, max = 120): string {
  const text = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= max) return text;
  // A number cut in two is no longer one the portal's masking knows (电话13800138… shows 8 of 11 digits): the
  // summary ends before it.
  const cut = /^[\s\-－.．·]?[0-9０-９XxＸｘ]/.test(text.slice(max)) ? text.slice(0, max).replace(CUT_DIGITS, '') : text.slice(0, max);
  return `${cut.trimEnd()}…`;
}
const CUT_DIGITS = /[0-9０-９][0-9０-９\s\-－.．·]*$/;

/** A summary stored before 2026-12-05 may end in a number cut in two: shown without it. */
export function withoutCutNumber(summary: string): string {
  return summary.replace(/[0-9０-９][0-9０-９\s\-－.．·]*…$/, '…');
}

/** Image ids the body refers to. */
export function imageIdsIn(html: string): string[] {
  return [...html.matchAll(/\/public\/files\/article-images\/([0-9a-f-]{36})/g)].map((m) => m[1]!);
}

/** Plain text as a body of paragraphs (the demo writes its articles so). */
export function paragraphs(...texts: string[]): string {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return texts.map((t) => `<p>${esc(t)}</p>`).join('');
}
