import type { FastifyReply, FastifyRequest } from 'fastify';

/** How a write answers: with the whole representation (the default) or the short one a client asked for. */
export type WriteAnswer = 'detail' | 'minimal';

/**
 * Whether the request's `Prefer` header (RFC 7240) holds `return=minimal`. The header is a comma-separated list of
 * preferences, each `token[=value]` with optional `;` parameters; tokens are case-insensitive and a value may be
 * quoted. Anything else (no header, `return=representation`, a preference we do not know) leaves the default.
 */
export function prefersMinimal(header: string | string[] | undefined): boolean {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  for (const value of values) {
    for (const preference of value.split(',')) {
      const [token, ...rest] = (preference.split(';')[0] ?? '').split('=');
      if (token?.trim().toLowerCase() !== 'return') continue;
      const wanted = rest
        .join('=')
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase();
      // RFC 7240 §2: of a preference given twice, the first one counts.
      return wanted === 'minimal';
    }
  }
  return false;
}

/** The answer a problem write gives this request; says so in `Preference-Applied` when it honours the preference. */
export function writeAnswerOf(request: FastifyRequest, reply: FastifyReply): WriteAnswer {
  if (!prefersMinimal(request.headers.prefer)) return 'detail';
  void reply.header('Preference-Applied', 'return=minimal');
  return 'minimal';
}
