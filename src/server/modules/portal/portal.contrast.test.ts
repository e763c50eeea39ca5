import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * WCAG 2.x AA contrast of the portal's stylesheet, read from the file itself:
 * every text colour on the surfaces it is shown on (4.5:1, or 3:1 for large
 * text: 24px, or 18.66px bold), in the normal and the 大字 (large-font) mode,
 * and the non-text colours a visitor needs to find a control or read a state
 * (focus ring, input and button boundaries, the progress fill: 3:1, SC 1.4.11).
 * The pairs are named by selector below; their colours, sizes and weights come
 * from the CSS, and every colour the CSS declares must be covered by a pair or
 * exempted with a reason, so a new colour cannot slip in unchecked.
 */
const CSS = readFileSync(path.join(import.meta.dirname, 'assets', 'portal.css'), 'utf8');

// ── A small CSS reader: rules (selectors → declarations) and @media blocks ──

interface Rule {
  index: number;
  selectors: string[];
  media: string | null;
  decls: Map<string, string>;
}

function parseCss(text: string): Rule[] {
  const src = text.replace(/\/\*[\s\S]*?\*\//g, '');
  const rules: Rule[] = [];
  let i = 0;
  const block = (media: string | null, end: number) => {
    while (i < end) {
      const open = src.indexOf('{', i);
      if (open < 0 || open >= end) break;
      const prelude = src.slice(i, open).trim().replace(/\s+/g, ' ');
      if (prelude.startsWith('@media')) {
        // Find the matching brace of the block.
        let depth = 1;
        let j = open + 1;
        while (depth > 0) {
          if (src[j] === '{') depth++;
          else if (src[j] === '}') depth--;
          j++;
        }
        i = open + 1;
        block(prelude, j - 1);
        i = j;
        continue;
      }
      const close = src.indexOf('}', open);
      const decls = new Map<string, string>();
      for (const d of src.slice(open + 1, close).split(';')) {
        const colon = d.indexOf(':');
        if (colon < 0) continue;
        decls.set(
          d.slice(0, colon).trim(),
          d
            .slice(colon + 1)
            .trim()
            .replace(/\s+/g, ' '),
        );
      }
      rules.push({ index: rules.length, selectors: prelude.split(',').map((s) => s.trim()), media, decls });
      i = close + 1;
    }
  };
  block(null, src.length);
  return rules;
}

const RULES = parseCss(CSS);
/** What a screen shows (print sheets are black on white paper by the printer's choice). */
const SCREEN = RULES.filter((r) => r.media === null || !/\bprint\b/.test(r.media));

/** The last screen rule naming exactly this selector and declaring this property. */
function ruleOf(selector: string, prop: string): Rule {
  const found = SCREEN.filter((r) => r.selectors.includes(selector) && r.decls.has(prop)).at(-1);
  if (!found) throw new Error(`portal.css declares no ${prop} for ${selector}`);
  return found;
}

const ROOT = ruleOf(':root', 'font-size');
function resolveVars(value: string, depth = 0): string {
  if (depth > 5) throw new Error(`var() loop in ${value}`);
  return value.replace(/var\(\s*(--[\w-]+)\s*(?:,\s*([^)]+))?\)/g, (_, name: string, fallback?: string) => {
    const v = ROOT.decls.get(name) ?? fallback;
    if (v === undefined) throw new Error(`portal.css uses ${name} but :root does not define it`);
    return resolveVars(v, depth + 1);
  });
}

/** The colour in a declaration's value (a plain colour or a shorthand); null when it has none. */
function colourIn(value: string): string | null {
  const v = resolveVars(value).toLowerCase();
  const hex = /#(?:[0-9a-f]{6}|[0-9a-f]{3})\b/.exec(v);
  if (hex) return hex[0].length === 4 ? `#${[...hex[0].slice(1)].map((c) => c + c).join('')}` : hex[0];
  if (/\b(white)\b/.test(v)) return '#ffffff';
  if (/\b(black)\b/.test(v)) return '#000000';
  if (/\b(transparent|inherit|currentcolor|none)\b/.test(v)) return null;
  if (/\b(rgb|hsl|oklch|lab)a?\(/.test(v)) throw new Error(`extend the test to read ${v}`);
  return null;
}

/**
 * Where a colour comes from: the first selector (most specific first) that
 * declares the first of the properties (a longhand before its shorthand).
 */
interface Ref {
  selector: string | string[];
  prop: string | string[];
}
const covered = new Set<string>();
const coverKey = (rule: Rule, prop: string) => `${rule.index}:${prop}`;

function colour(ref: Ref): string {
  for (const selector of [ref.selector].flat()) {
    for (const prop of [ref.prop].flat()) {
      if (!SCREEN.some((r) => r.selectors.includes(selector) && r.decls.has(prop))) continue;
      const rule = ruleOf(selector, prop);
      covered.add(coverKey(rule, prop));
      const found = colourIn(rule.decls.get(prop)!);
      if (!found) throw new Error(`${selector} { ${prop} } is not a colour the test can read`);
      return found;
    }
  }
  throw new Error(`portal.css declares no ${[ref.prop].flat().join('/')} for ${[ref.selector].flat().join(' or ')}`);
}

// ── WCAG 2.x relative luminance and contrast ratio ──

function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [n >> 16, (n >> 8) & 255, n & 255].map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** Root font size in px in each mode (大字 sets a larger one on html.large). */
const px = (v: string) => {
  const m = /^([\d.]+)px$/.exec(v);
  if (!m) throw new Error(`expected px, got ${v}`);
  return Number(m[1]);
};
const ROOT_PX = { normal: px(ROOT.decls.get('font-size')!), large: px(ruleOf('html.large', 'font-size').decls.get('font-size')!) };

/** The font size in px of a selector in a mode (rem, em of the root, or px); 1rem when the selector sets none. */
function fontPx(selector: string | undefined, mode: keyof typeof ROOT_PX): number {
  if (!selector) return ROOT_PX[mode];
  const v = ruleOf(selector, 'font-size').decls.get('font-size')!;
  const m = /^([\d.]+)(rem|em|px)$/.exec(v);
  if (!m) throw new Error(`cannot read font-size ${v} of ${selector}`);
  return m[2] === 'px' ? Number(m[1]) : Number(m[1]) * ROOT_PX[mode];
}
function isBold(weight: Pair['weight']): boolean {
  if (weight === undefined) return false;
  if (weight === 'bold') return true; // the element's own default (h1–h3, th, b)
  const v = ruleOf(weight, 'font-weight').decls.get('font-weight')!;
  return v === 'bold' || v === 'bolder' || Number(v) >= 700;
}

interface Pair {
  what: string;
  fg: Ref;
  bg: Ref;
  /** Selector whose font-size the text takes (default 1rem). */
  size?: string;
  /** Selector whose font-weight the text takes, or 'bold' for an element that is bold by default. */
  weight?: string;
  /** A boundary or state indicator rather than text: 3:1 (SC 1.4.11). */
  nonText?: true;
}

const c = (selector: Ref['selector'], prop: Ref['prop'] = 'color'): Ref => ({ selector, prop });
const bg = (selector: string): Ref => ({ selector, prop: 'background' });
const PAGE = bg('body');
const FOCUS = ['outline-color', 'outline'];

const PAIRS: Pair[] = [
  // Body text and links, on the page and on the grey (soft) surfaces they sit on.
  { what: 'body text', fg: c('body'), bg: PAGE },
  { what: 'link', fg: c('a'), bg: PAGE },
  { what: 'muted text', fg: c('.muted'), bg: PAGE, size: '.small' },
  { what: 'muted time in a published feedback', fg: c('.muted'), bg: bg('.feedback-list li'), size: '.small' },
  { what: 'feedback text', fg: c('body'), bg: bg('.feedback-list li') },
  { what: 'a public entry’s labels on a phone (序号、时间…)', fg: c('table.entries td::before'), bg: PAGE, size: 'table' },
  { what: 'figures (home, village)', fg: c('body'), bg: bg('.figures li') },
  { what: 'table header', fg: c('body'), bg: bg('th'), size: 'table', weight: 'bold' },
  { what: 'problem code', fg: c('.problem .code'), bg: PAGE, size: '.problem .code' },
  { what: 'facts label', fg: c('dl.facts dt'), bg: PAGE },
  { what: 'photo caption', fg: c('figcaption'), bg: PAGE, size: 'figcaption' },
  { what: 'character counter', fg: c('.counter'), bg: PAGE, size: '.counter' },
  { what: 'article source line', fg: c('.article-meta'), bg: PAGE },
  { what: 'footer', fg: c('.site-footer'), bg: PAGE, size: '.site-footer' },
  { what: 'poster title', fg: c('.poster h1'), bg: PAGE, size: '.poster h1', weight: 'bold' },
  // The red header.
  { what: 'header text', fg: c('.site-header'), bg: bg('.site-header') },
  { what: 'site title', fg: c('.site-title'), bg: bg('.site-header'), size: '.site-title', weight: '.site-title' },
  { what: 'navigation', fg: c('.site-nav a'), bg: bg('.site-header') },
  { what: '大字 switch (off)', fg: c('.font-toggle'), bg: bg('.site-header'), weight: '.font-toggle' },
  {
    what: '大字 switch (on)',
    fg: c(".font-toggle[aria-pressed='true']"),
    bg: bg(".font-toggle[aria-pressed='true']"),
    weight: '.font-toggle',
  },
  // Notices and status pills.
  { what: 'notice', fg: c('.notice'), bg: bg('.notice') },
  { what: 'notice: done', fg: c('.notice.ok'), bg: bg('.notice.ok') },
  { what: 'notice: error', fg: c('.notice.bad'), bg: bg('.notice.bad') },
  { what: 'service-hall line', fg: c('.service-line'), bg: bg('.service-line') },
  { what: 'badge', fg: c('.badge'), bg: bg('.badge'), size: '.badge' },
  { what: 'badge: closed, 达标', fg: c('.badge.ok'), bg: bg('.badge.ok'), size: '.badge' },
  { what: 'badge: rectifying', fg: c('.badge.warn'), bg: bg('.badge.warn'), size: '.badge' },
  { what: 'badge: overdue', fg: c('.badge.bad'), bg: bg('.badge.bad'), size: '.badge' },
  { what: 'badge: submitted', fg: c('.badge.info'), bg: bg('.badge.info'), size: '.badge' },
  // Controls.
  { what: 'form field text', fg: c('input'), bg: bg('input') },
  { what: 'button', fg: c('.button'), bg: bg('.button'), weight: '.button' },
  { what: 'secondary button', fg: c('.button.secondary'), bg: bg('.button.secondary'), weight: '.button' },
  // Non-text: what shows where a control is, and which one has the focus.
  { what: 'focus ring on the page', fg: c('a:focus-visible', FOCUS), bg: PAGE, nonText: true },
  {
    what: 'focus ring in the red header',
    fg: c(['.site-header a:focus-visible', 'a:focus-visible'], FOCUS),
    bg: bg('.site-header'),
    nonText: true,
  },
  { what: 'form field border', fg: c('input', 'border'), bg: PAGE, nonText: true },
  { what: 'secondary button border', fg: c('.button.secondary', 'border'), bg: PAGE, nonText: true },
  { what: '大字 switch border', fg: c('.font-toggle', 'border'), bg: bg('.site-header'), nonText: true },
  { what: 'progress fill on its track', fg: bg('.progress span'), bg: bg('.progress'), nonText: true },
];

/** Colours that carry no information a visitor needs, and why. */
const EXEMPT: Array<{ selector: string; prop: string; why: string }> = [
  { selector: 'h2', prop: 'border-bottom', why: 'decorative rule under a heading' },
  { selector: '.list > li', prop: 'border-bottom', why: 'separator between list items' },
  { selector: '.problem', prop: 'border', why: 'card outline; the card is no control' },
  { selector: 'th', prop: 'border', why: 'table grid lines' },
  { selector: 'table.entries tr', prop: 'border', why: 'outline of a public entry on a phone; the block is no control' },
  { selector: '.reply', prop: 'border-left', why: 'decorative bar beside a reply (labelled 答复)' },
  { selector: '.service-line', prop: 'border-left', why: 'decorative bar beside the service line' },
  { selector: '.poster .qr', prop: 'border-top', why: 'decorative rule on the poster' },
  { selector: '.site-footer', prop: 'border-top', why: 'separator above the footer' },
  { selector: '.imprint', prop: 'border-top', why: 'the 版记 rules, as printed' },
  { selector: '.imprint', prop: 'border-bottom', why: 'the 版记 rules, as printed' },
  { selector: '.photos img', prop: 'background', why: 'placeholder behind a photo' },
];

const COLOUR_PROPS = /^(color|background(-color)?|outline(-color)?|border(-(top|right|bottom|left))?(-color)?)$/;

describe('the portal stylesheet meets WCAG AA contrast', () => {
  it('reads the colours it checks from portal.css', () => {
    expect(colour(c('body'))).toMatch(/^#[0-9a-f]{6}$/);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('gives every text and every control boundary enough contrast, in normal and in 大字 mode', () => {
    const failures: string[] = [];
    for (const p of PAIRS) {
      const ratio = contrastRatio(colour(p.fg), colour(p.bg));
      // Text is checked at both root sizes (大字 may make it large); a boundary has no size.
      for (const mode of p.nonText ? (['normal'] as const) : (['normal', 'large'] as const)) {
        const size = fontPx(p.size, mode);
        const large = size >= 24 || (isBold(p.weight) && size >= 18.66);
        const need = p.nonText || large ? 3 : 4.5;
        if (ratio < need) {
          failures.push(
            `${p.what} (${mode}): ${colour(p.fg)} on ${colour(p.bg)} is ${ratio.toFixed(2)}:1, needs ${need}:1` +
              (p.nonText ? ' (non-text)' : ` (${size}px${isBold(p.weight) ? ' bold' : ''})`),
          );
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('checks or exempts every colour the stylesheet declares', () => {
    // The pairs above mark what they read; run them (the order of tests is not to be relied on).
    for (const p of PAIRS) [p.fg, p.bg].forEach(colour);
    for (const e of EXEMPT) covered.add(coverKey(ruleOf(e.selector, e.prop), e.prop));
    const unchecked = SCREEN.flatMap((r) =>
      [...r.decls]
        .filter(([prop, value]) => COLOUR_PROPS.test(prop) && colourIn(value) !== null && !covered.has(coverKey(r, prop)))
        .map(([prop, value]) => `${r.selectors.join(', ')} { ${prop}: ${value} }`),
    );
    expect(unchecked).toEqual([]);
  });
});
