import { describe, expect, it } from 'vitest';
import { Masker } from '../../../domain/masking.ts';
import { maskArticleHtml, sanitizeArticleHtml, summaryOf, withoutCutNumber } from './article-html.ts';

/**
 * An article body is masked where a reader reads (text, a link's title, an
 * image's alt), never in its markup: a word of the masking list that also
 * appears in a tag or an attribute must not rewrite the page's structure.
 */
const IMG = '/public/files/article-images/0196e0c4-7a1b-7c2d-9e3f-000000000001';

describe('maskArticleHtml', () => {
  it('masks the text, a link title and an image alt, and leaves tags, attribute names and addresses alone', () => {
    const body =
      `<p>张三 title 13800138000</p>` +
      `<a href="https://example.org/13800138000" title="张三的链接">张三</a>` +
      `<img src="${IMG}" alt="张三在现场">`;
    // A mask that also hits words of the markup (title, href, img, rel, a) as a hostile word list would.
    const mask = (t: string) => new Masker(['张三', 'title', 'href', 'img', 'rel', 'loading']).text(t);
    expect(maskArticleHtml(body, mask)).toBe(
      `<p>张* t* ***</p>` +
        `<a href="https://example.org/13800138000" title="张*的链接" rel="noopener noreferrer nofollow">张*</a>` +
        `<img src="${IMG}" alt="张*在现场" loading="lazy" />`,
    );
    // Without a mask it is the stored body as sanitized.
    expect(maskArticleHtml(body, (t) => t)).toBe(sanitizeArticleHtml(body));
  });

  it('cannot be turned into markup by a name that looks like markup', () => {
    // A display name made of markup. Masked on the whole string, it cut the title attribute open and let a style in:
    // <a href="https://example.org/" t* style=&quot;color:red" …>.
    const hostile = new Masker(['title="']);
    const body = `<p>活动结束</p><a href="https://example.org/" title=" style=&quot;color:red">链接</a>`;
    expect(hostile.text(sanitizeArticleHtml(body))).toContain(' t* style=');
    expect(maskArticleHtml(body, (t) => hostile.text(t))).toBe(
      '<p>活动结束</p><a href="https://example.org/" title=" style=&quot;color:red" rel="noopener noreferrer nofollow">链接</a>',
    );
  });
});

describe('maskArticleHtml across markup', () => {
  it('masks a name or a number split by emphasis, and drops a mail link’s address that holds a number', () => {
    const m = new Masker(['陈晓梅']);
    const body =
      '<p><strong>陈</strong>晓梅 电话<b>138</b>0013 8000 <a href="mailto:13800138000@qq.com">来信</a> ' +
      '<a href="https://example.org/news/20261205">原文</a></p>';
    const out = maskArticleHtml(body, (x) => m.text(x));
    expect(out).not.toContain('晓梅');
    expect(out).not.toMatch(/138|0013|8000/);
    expect(out).toContain('来信');
    expect(out).toContain('href="https://example.org/news/20261205"');
    // Emphasis that splits nothing the mask hides is kept.
    expect(maskArticleHtml('<p><strong>重要</strong>通知</p>', (x) => m.text(x))).toBe('<p><strong>重要</strong>通知</p>');
  });
});

describe('summaryOf', () => {
  it('ends before a number its cut would halve, so masking still knows it', () => {
    const lead = '村党组织召开专题会议研究整改'.repeat(8).slice(0, 112);
    const summary = summaryOf(`<p>${lead}联系人电话13800138000，欢迎监督。</p>`);
    expect(summary).toBe(`${lead}联系人电话…`);
    expect(new Masker([]).text(summary)).not.toMatch(/\d{3}/);
    // A number wholly inside stays, for the masking to hide; a short text is whole.
    expect(summaryOf(`<p>电话13800138000。${lead}</p>`)).toContain('13800138000');
    expect(summaryOf('<p>短文 2026 年</p>')).toBe('短文 2026 年');
    // One stored before: shown without the cut number.
    expect(withoutCutNumber(`${lead}联系人电话13800138…`)).toBe(`${lead}联系人电话…`);
  });
});
