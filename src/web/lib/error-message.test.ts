import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { errorMessage, withoutEnglishGloss } from './error-message.ts';

describe('withoutEnglishGloss', () => {
  it('leaves off the trailing English gloss of a server message', () => {
    expect(withoutEnglishGloss('请先登录 (please sign in)')).toBe('请先登录');
    expect(withoutEnglishGloss('用户名或密码不正确，还可尝试 3 次 (wrong username or password)')).toBe('用户名或密码不正确，还可尝试 3 次');
    expect(withoutEnglishGloss('便民服务大厅今天（周六）不开放，不能值班签到（开放日：周一至周五）(the hall is closed today)')).toBe(
      '便民服务大厅今天（周六）不开放，不能值班签到（开放日：周一至周五）',
    );
  });

  it('keeps what is not such a gloss', () => {
    // Full-width brackets, Chinese inside, figures only, no Chinese before, nested brackets, no gloss at all.
    expect(withoutEnglishGloss('此问题还有 2 项整改措施未完成（进度不足 100%）')).toBe('此问题还有 2 项整改措施未完成（进度不足 100%）');
    expect(withoutEnglishGloss('已超期 (逾期 3 天)')).toBe('已超期 (逾期 3 天)');
    expect(withoutEnglishGloss('合计 (16)')).toBe('合计 (16)');
    expect(withoutEnglishGloss('Invalid input (expected string)')).toBe('Invalid input (expected string)');
    expect(withoutEnglishGloss('拒绝请求 (see (RFC 7240))')).toBe('拒绝请求 (see (RFC 7240))');
    expect(withoutEnglishGloss('新密码不能与当前密码相同')).toBe('新密码不能与当前密码相同');
  });
});

describe('errorMessage', () => {
  it('shows a server message without its English gloss in the Chinese app (the default)', () => {
    expect(errorMessage(new ApiError(401, 'UNAUTHENTICATED', '请先登录 (please sign in)'))).toBe('请先登录');
    expect(errorMessage(new Error('本地出错 (local)'))).toBe('本地出错 (local)');
    expect(errorMessage('x')).toBe('x');
  });
});

describe('withoutEnglishGloss, several glosses', () => {
  it('leaves off every gloss after Chinese text, keeping what follows', () => {
    expect(
      withoutEnglishGloss(
        '草稿还不完整，不能发布：领域 ZZSZ 没有检查项 (area ZZSZ has no check items)；权重合计 90 (weights add up to 90)',
      ),
    ).toBe('草稿还不完整，不能发布：领域 ZZSZ 没有检查项；权重合计 90');
    expect(withoutEnglishGloss('输入有误 (invalid input) — tags.0: Too big')).toBe('输入有误 — tags.0: Too big');
  });
});
