import { describe, expect, it } from 'vitest';
import { Masker, maskName, maskNumbers, maskWithWriter } from './masking.ts';

describe('maskName', () => {
  it('keeps the surname and hides the rest, whatever the length', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('陈晓梅')).toBe('陈*');
    expect(maskName('欧阳明远')).toBe('欧*');
    expect(maskName('  王建国 ')).toBe('王*');
    expect(maskName('')).toBe('');
    expect(maskName(null)).toBe('');
  });
});

describe('maskNumbers', () => {
  it('hides mobile numbers written in the usual ways', () => {
    for (const n of ['13800138000', '138-0013-8000', '138 0013 8000', '+86 13800138000', '+86-138-0013-8000']) {
      expect(maskNumbers(`联系电话${n}，欢迎监督`)).toBe('联系电话***，欢迎监督');
    }
  });

  it('hides landlines with an area code and ID-card numbers', () => {
    expect(maskNumbers('电话029-88886666')).toBe('电话***');
    expect(maskNumbers('电话 0913 2345678。')).toBe('电话 ***。');
    expect(maskNumbers('身份证610502199001011234')).toBe('身份证***');
    expect(maskNumbers('身份证61050219900101123X号')).toBe('身份证***号');
  });

  it('hides numbers typed in full-width digits, with dots or brackets, and old 15-digit IDs and bank cards', () => {
    for (const n of [
      '１３８００１３８０００',
      '１３８－００１３－８０００',
      '138.0013.8000',
      '138．0013．8000',
      '＋８６ １３８００１３８０００',
      '（029）8888-6666',
      '(0913)2345678',
      '029.88886666',
      '６１０５０２１９９００１０１１２３Ｘ',
      '610502900101123',
      '6222021234567890123',
    ]) {
      expect(maskNumbers(`联系${n}。`), n).toBe('联系***。');
    }
    expect(maskNumbers('手机号13800138000')).toBe('手机号***');
  });

  it('hides numbers grouped in other ways, or written right after a letter', () => {
    for (const n of [
      'Tel13800138000',
      'mobile13800138000',
      '1380 0138 000',
      '138 001 38000',
      '610502-19900101-1234',
      '610502 19900101 123X',
      '6217-0012-3456-7890',
      '6217 0012 3456 7890 123',
      '１３８０ ０１３８ ０００',
    ]) {
      const masked = maskNumbers(`联系人${n}；`);
      expect(masked, n).not.toMatch(/[0-9０-９]{3}/);
    }
    expect(maskNumbers('手机1380 0138 000，身份证：610502 19900101 1234')).toBe('手机***，身份证：***');
    expect(maskNumbers('联系人Tel13800138000；')).toBe('联系人Tel***；');
  });

  it('leaves dates, codes, ids, money and short numbers alone', () => {
    const text = '问题 WT-2612-0068 于 2026-12-02 整改，投入 35000 元，面积 220㎡，编号 0196e0c4-7a1b-7c2d-9e3f-138001380001';
    expect(maskNumbers(text)).toBe(text);
    for (const kept of [
      '２０２６年１２月２日',
      '2026.12.02',
      '2026-11-01 2026-12-31',
      '2026 年 12 月 31 日 138 户',
      '12.5 万元',
      '第 0013 号',
      '1,380,013,800 元',
      '(2026)第 3 期',
      'sha256 0f3a9b1c2d4e5f60718293a4b5c6d7e8f9012345678901234567890abcdef12',
    ])
      expect(maskNumbers(kept), kept).toBe(kept);
  });
});

describe('Masker', () => {
  const m = new Masker(['陈晓梅', '张东', '王', null, '赵明远'], ['张东村', '大闵村']);

  it('masks every known name in free text, and numbers with them', () => {
    expect(m.text('陈晓梅已联系赵明远（13912345678），陈晓梅负责')).toBe('陈*已联系赵*（***），陈*负责');
  });

  it('keeps organization names whole when a name is part of them', () => {
    expect(m.text('张东村的张东同志')).toBe('张东村的张*同志');
  });

  it('masks each of several people named in one field', () => {
    const several = new Masker(['张三、李四', '王五，赵六', '孙七/周八', '吴九 郑十'], ['李四村']);
    expect(several.text('张三和李四、王五、赵六、孙七、周八、吴九、郑十在李四村')).toBe('张*和李*、王*、赵*、孙*、周*、吴*、郑*在李四村');
    // A two-character name padded with a space is one name, found with or without the space.
    expect(new Masker(['王　芳']).text('王　芳和王芳是同一人')).toBe('王*和王*是同一人');
    // A name in Latin letters keeps its space: its parts are no names of their own.
    expect(new Masker(['Li Wei']).text('Li Wei visited the Library')).toBe('L* visited the Library');
  });

  it('ignores one-character names and masks name fields whether known or not', () => {
    expect(m.text('王村长')).toBe('王村长');
    expect(m.person('李四')).toBe('李*');
    expect(m.text(null)).toBe('');
  });
});

describe('maskWithWriter', () => {
  it('masks the writer’s name as they signed it, besides what the masker knows', () => {
    const m = new Masker(['陈晓梅']);
    expect(maskWithWriter(m, '我王小明请陈晓梅书记看看，电话13800138000', '王小明')).toBe('我王*请陈*书记看看，电话***');
    expect(maskWithWriter(m, '村民反映', null)).toBe('村民反映');
    expect(maskWithWriter(m, '王某反映', '王')).toBe('王某反映');
    // A generic signature or a place is no name: the text keeps its words.
    expect(maskWithWriter(m, '村民反映：村民活动室晚上不开门', '村民')).toBe('村民反映：村民活动室晚上不开门');
    expect(maskWithWriter(m, '大闵村的路灯坏了', '大闵村')).toBe('大闵村的路灯坏了');
  });
});
