/* global document */
// An independent verifier of the public ledger (docs/PUBLIC-LEDGER.md), in the visitor's browser.
// It trusts nothing the server says about the chain: it fetches every entry from
// GET /api/public/chain, recomputes each hash from the entry, its seq and the previous
// hash, follows the links, and compares the end with the head. Hashing uses Web Crypto,
// or the small SHA-256 below where Web Crypto is not offered (a page served over plain http).

export const GENESIS = '0'.repeat(64);

/** RFC 8785 (JCS) canonical JSON: keys sorted by UTF-16 code units, ECMAScript number and string forms. */
export function canonicalize(value) {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('not JSON: ' + value);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return '[' + value.map(canonicalize).join(',') + ']';
  var keys = Object.keys(value)
    .filter(function (k) {
      return value[k] !== undefined;
    })
    .sort();
  return (
    '{' +
    keys
      .map(function (k) {
        return JSON.stringify(k) + ':' + canonicalize(value[k]);
      })
      .join(',') +
    '}'
  );
}

var K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/** SHA-256 of bytes as lowercase hex, in plain JavaScript (FIPS 180-4). */
export function sha256HexSync(bytes) {
  var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  var bitLength = bytes.length * 8;
  var padded = new Uint8Array(((bytes.length + 9 + 63) >> 6) << 6);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  var view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  var w = new Uint32Array(64);
  for (var off = 0; off < padded.length; off += 64) {
    for (var i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (i = 16; i < 64; i++) {
      var a0 = w[i - 15];
      var a1 = w[i - 2];
      var s0 = ((a0 >>> 7) | (a0 << 25)) ^ ((a0 >>> 18) | (a0 << 14)) ^ (a0 >>> 3);
      var s1 = ((a1 >>> 17) | (a1 << 15)) ^ ((a1 >>> 19) | (a1 << 13)) ^ (a1 >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    var a = h[0],
      b = h[1],
      c = h[2],
      d = h[3],
      e = h[4],
      f = h[5],
      g = h[6],
      k = h[7];
    for (i = 0; i < 64; i++) {
      var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      var ch = (e & f) ^ (~e & g);
      var t1 = (k + S1 + ch + K[i] + w[i]) | 0;
      var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      var maj = (a & b) ^ (a & c) ^ (b & c);
      var t2 = (S0 + maj) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = (h[0] + a) | 0;
    h[1] = (h[1] + b) | 0;
    h[2] = (h[2] + c) | 0;
    h[3] = (h[3] + d) | 0;
    h[4] = (h[4] + e) | 0;
    h[5] = (h[5] + f) | 0;
    h[6] = (h[6] + g) | 0;
    h[7] = (h[7] + k) | 0;
  }
  return h
    .map(function (x) {
      return (x >>> 0).toString(16).padStart(8, '0');
    })
    .join('');
}

async function sha256Hex(bytes) {
  if (typeof crypto !== 'undefined' && crypto.subtle) {
    var digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return Array.from(digest, function (x) {
      return x.toString(16).padStart(2, '0');
    }).join('');
  }
  return sha256HexSync(bytes);
}

/** The hash of one link: hex SHA-256 of UTF-8(JCS({"entry": entry, "prev": prev, "seq": seq})). */
export function linkHash(link) {
  return sha256Hex(new TextEncoder().encode(canonicalize({ entry: link.entry, prev: link.prev, seq: link.seq })));
}

/**
 * Verifies the whole ledger, page by page, from `fetchPage(from)` (an answer of
 * GET /api/public/chain). Resolves to { ok: true, count, head } or
 * { ok: false, count, seq, reason, detail } naming the first link that does not match.
 */
export async function verifyLedger(fetchPage, onProgress) {
  var prev = GENESIS;
  var expected = 1;
  var head = { seq: 0, hash: GENESIS };
  var hashes = {};
  for (var from = 1; from !== null;) {
    var page = await fetchPage(from);
    head = page.head;
    for (var i = 0; i < page.entries.length; i++) {
      var l = page.entries[i];
      var computed = await linkHash(l);
      var count = expected - 1;
      if (computed !== l.hash)
        return {
          ok: false,
          count: count,
          seq: l.seq,
          reason: 'hash-mismatch',
          detail: '第 ' + l.seq + ' 条的内容与其哈希不符：记录被改动过',
        };
      if (l.seq !== expected)
        return {
          ok: false,
          count: count,
          seq: l.seq,
          reason: 'gap',
          detail: '应为第 ' + expected + ' 条，实为第 ' + l.seq + ' 条：有记录缺失',
        };
      if (l.prev !== prev)
        return { ok: false, count: count, seq: l.seq, reason: 'broken-link', detail: '第 ' + l.seq + ' 条没有接在上一条之后：记录被替换' };
      prev = l.hash;
      hashes[l.seq] = l.hash;
      expected += 1;
    }
    if (onProgress) onProgress(expected - 1, head.seq);
    from = page.entries.length === 0 ? null : page.next;
  }
  if (head.seq !== expected - 1 || head.hash !== prev) {
    return {
      ok: false,
      count: expected - 1,
      seq: null,
      reason: 'head-mismatch',
      detail: '台账链头为第 ' + head.seq + ' 条，但记录止于第 ' + (expected - 1) + ' 条',
    };
  }
  return { ok: true, count: expected - 1, head: head, hashes: hashes };
}

// ── The verify page ───────────────────────────────────────────────────────────
if (typeof document !== 'undefined') {
  var form = document.getElementById('verify-form');
  var out = document.getElementById('verify-result');
  if (form && out) {
    form.hidden = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var anchorSeq = Number(form.elements.namedItem('seq').value) || null;
      var anchorHash = String(form.elements.namedItem('hash').value || '')
        .trim()
        .toLowerCase();
      out.hidden = false;
      out.className = 'notice';
      out.textContent = '正在下载并逐条核验……';
      var fetchPage = function (from) {
        return fetch('/api/public/chain?from=' + from + '&limit=1000', { cache: 'no-store' }).then(function (r) {
          if (!r.ok) throw new Error('HTTP ' + r.status);
          return r.json();
        });
      };
      verifyLedger(fetchPage, function (done, total) {
        out.textContent = '正在核验：' + done + ' / ' + total;
      })
        .then(function (report) {
          if (!report.ok) {
            out.className = 'notice bad';
            out.setAttribute('data-state', 'broken');
            out.textContent = '核验不通过。' + report.detail + '（此前 ' + report.count + ' 条核验无误）';
            return;
          }
          var text = '核验通过：共 ' + report.count + ' 条，链头第 ' + report.head.seq + ' 条 · ' + report.head.hash.slice(0, 12) + '。';
          var ok = true;
          if (anchorSeq) {
            var h = report.hashes[anchorSeq];
            if (!h) {
              ok = false;
              text += ' 纸质凭证上的第 ' + anchorSeq + ' 条不在台账中。';
            } else if (anchorHash && h.indexOf(anchorHash) !== 0) {
              ok = false;
              text += ' 纸质凭证上的第 ' + anchorSeq + ' 条哈希 ' + anchorHash + ' 与台账中的 ' + h.slice(0, 12) + ' 不符。';
            } else {
              text += ' 纸质凭证（第 ' + anchorSeq + ' 条 · ' + h.slice(0, 12) + '）与台账一致。';
            }
          }
          out.className = ok ? 'notice ok' : 'notice bad';
          out.setAttribute('data-state', ok ? 'ok' : 'broken');
          out.textContent = text;
        })
        .catch(function (err) {
          out.className = 'notice bad';
          out.setAttribute('data-state', 'error');
          out.textContent = '无法完成核验：' + (err && err.message ? err.message : String(err));
        });
    });
  }
}
