/**
 * Masking of personal data on the public portal (DOMAIN.md "Public
 * disclosure"): people's names as 张*, phone and ID-card numbers hidden. Pure;
 * the server builds one `Masker` per page from the names it knows
 * (src/server/modules/portal/portal.mask.ts) and every public presenter goes
 * through it, so free text (progress notes, feedback, replies, article bodies)
 * is masked by the same rule as the name fields.
 */

/** 张三 → 张*, 欧阳明 → 欧*; blank stays blank. A name is never shown in full, whatever its length. */
export function maskName(name: string | null | undefined): string {
  const trimmed = (name ?? '').trim();
  if (!trimmed) return '';
  const first = Array.from(trimmed)[0]!;
  return `${first}*`;
}

/** What a hidden number reads as. */
export const HIDDEN_NUMBER = '***';

/**
 * Mobile numbers (13800138000, 138-0013-8000, 138.0013.8000, +86 138 0013
 * 8000), landlines with an area code (029-88886666, 0913 2345678,
 * （029）8888-6666), ID-card numbers (18 characters, or the old 15 digits) and
 * any other run of 15 to 19 digits (bank cards), in ASCII or full-width
 * digits (１３８００１３８０００, as a Chinese keyboard may type them). Not preceded or
 * followed by a letter, digit, `-` or `_`, so ids, hashes and problem codes
 * (WT-2612-0068) are left alone.
 */
const D = '[0-9０-９]';
/** Between groups of digits: a space, a hyphen or a dot, ASCII or full-width. */
const SEP = '[\\s\\-－.．·]';
const NOT_BEFORE = '(?<![\\w\\-－０-９Ａ-Ｚａ-ｚ])';
const NOT_AFTER = '(?![\\w\\-－０-９Ａ-Ｚａ-ｚ])';
const NUMBER_PATTERNS: readonly RegExp[] = [
  new RegExp(`${NOT_BEFORE}${D}{17}[0-9０-９XxＸｘ]${NOT_AFTER}`, 'g'),
  new RegExp(`${NOT_BEFORE}${D}{15,19}${NOT_AFTER}`, 'g'),
  new RegExp(`${NOT_BEFORE}(?:[+＋]?[8８][6６]${SEP}?)?[1１][3-9３-９]${D}(?:${SEP}?${D}{4}){2}${NOT_AFTER}`, 'g'),
  new RegExp(`(?:[(（][0０]${D}{2,3}[)）]|${NOT_BEFORE}[0０]${D}{2,3})${SEP}?${D}{3,4}${SEP}?${D}{4}${NOT_AFTER}`, 'g'),
];

/**
 * Digits in groups of three or more, however spaced or hyphenated (1380 0138 000, 138 001 38000,
 * 610502-19900101-1234, 6217 0012 3456 7890 123), and right after a letter (Tel13800138000): a run not followed by
 * a letter or digit, judged by its digits alone. Groups of one or two (dates, 2026-12-05) never join a run that is
 * hidden, and a run inside a hash or an id (followed by a letter) is left as it is.
 */
const DIGIT_RUN = new RegExp(`(?<![0-9０-９])${D}(?:${SEP}?${D})*(?:${SEP}?[XxＸｘ])?(?![0-9０-９A-Za-zＡ-Ｚａ-ｚ_])`, 'g');
const GROUP_SEP = new RegExp(`${SEP}`);
const toAscii = (s: string) => s.replace(/[０-９Ｘｘ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

function personalNumber(run: string): boolean {
  const groups = run.split(GROUP_SEP);
  if (groups.length > 1 && groups.some((g) => g.length < 3 && !/^[XxＸｘ]$/.test(g))) return false;
  const digits = toAscii(groups.join('')).toUpperCase();
  return (
    /^1[3-9]\d{9}$/.test(digits) || // a mobile
    /^\d{17}[\dX]$/.test(digits) || // an ID card
    /^\d{15,19}$/.test(digits) // an old ID card, a bank card
  );
}

/** Hides phone and ID-card numbers in free text. */
export function maskNumbers(text: string): string {
  let out = text.replace(DIGIT_RUN, (run) => (personalNumber(run) ? HIDDEN_NUMBER : run));
  for (const p of NUMBER_PATTERNS) out = out.replace(p, HIDDEN_NUMBER);
  return out;
}

/**
 * Several people in one field (张三、李四; 张三，李四; 张三/李四; 张三 李四): each is a name of its own. Spaces
 * separate names only between Chinese names: "Li Wei" stays one name, or every "Li" of a text would be masked.
 */
const NAME_SEPARATORS = /[、,，;；/／|]+/;
const CHINESE_NAMES_BY_SPACES = /^[\u3400-\u9fff·]+(?:\s+[\u3400-\u9fff·]+)+$/;

function namesIn(field: string): string[] {
  return field.split(NAME_SEPARATORS).flatMap((part) => {
    const t = part.trim();
    if (!CHINESE_NAMES_BY_SPACES.test(t)) return [t];
    const parts = t.split(/\s+/);
    // 王\u3000芳 (a name padded with a space, as some forms align two-character names) is one name, however written.
    return parts.every((p) => Array.from(p).length >= 2) ? parts : [t, parts.join('')];
  });
}

/** A text as a regular expression that matches it literally. */
export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Masks known people's names and every phone number in text. Built from the
 * names of the people the record holds (users, owners, lead officials) and the
 * words that must stay whole even when a name is part of them (organization
 * names: a person 张东 does not turn 张东村 into 张*村).
 */
export class Masker {
  private readonly pattern: RegExp | null;
  private readonly keep: ReadonlySet<string>;

  constructor(names: Iterable<string | null | undefined>, protectedWords: Iterable<string | null | undefined> = []) {
    const people = new Set<string>();
    for (const n of names) {
      for (const t of namesIn(n ?? '')) {
        // A one-character "name" would mask every occurrence of that character.
        if (Array.from(t).length >= 2) people.add(t);
      }
    }
    const keep = new Set<string>();
    for (const w of protectedWords) {
      const t = (w ?? '').trim();
      if (t && [...people].some((p) => t.includes(p) && t !== p)) keep.add(t);
    }
    this.keep = keep;
    const words = [...keep, ...people].sort((a, b) => b.length - a.length);
    this.pattern = words.length ? new RegExp(words.map(escapeRegExp).join('|'), 'g') : null;
  }

  /** A person's name field: always masked, known or not. */
  person(name: string | null | undefined): string {
    return maskName(name);
  }

  /** Free text: known names masked, phone and ID numbers hidden. */
  text(text: string | null | undefined): string {
    if (!text) return '';
    return maskNumbers(this.names(text));
  }

  /** Free text with only the known names masked (numbers left as they are). */
  names(text: string): string {
    return this.pattern ? text.replace(this.pattern, (m) => (this.keep.has(m) ? m : maskName(m))) : text;
  }
}

/**
 * A villager's feedback (or the reply to it) masked by `m`, and also where it names its writer as they signed it: a
 * name the record holds nowhere else (张三 writing "我张三反映…" signs as 张三).
 */
export function maskWithWriter(m: Masker, text: string | null | undefined, writer: string | null | undefined): string {
  const masked = m.text(text);
  const name = writer?.trim() ?? '';
  return looksLikePersonalName(name) ? new Masker([name]).names(masked) : masked;
}

/** Words a writer may sign with that name nobody: masking them would blank the word wherever the text uses it. */
const GENERIC_SIGNATURES = new Set([
  '村民',
  '群众',
  '居民',
  '党员',
  '老党员',
  '老百姓',
  '匿名',
  '热心群众',
  '热心村民',
  '本村村民',
  '一村民',
  '一群众',
  '村干部',
  '书记',
  '村长',
  '主任',
]);

/**
 * A writer's signature taken for a personal name: two to four Chinese characters, not a generic word (村民) and
 * not a place (…村, …社区, …街道, …镇). Anything else is left to the masker's own names.
 */
function looksLikePersonalName(w: string): boolean {
  return /^[\u3400-\u9fff·]{2,4}$/.test(w) && !GENERIC_SIGNATURES.has(w) && !/(村|社区|街道|镇|乡|组)$/.test(w);
}
