/**
 * A tiny HTML template helper for the server-rendered portal: `html` escapes
 * every interpolated value unless it is already `Html` (another template, or
 * markup that was sanitized on the server: `trusted`). Arrays are joined;
 * null, undefined and false render nothing.
 */
import { escapeHtml } from '../../http/escape-html.ts';

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export { escapeHtml };

export type Interpolation = Html | string | number | null | undefined | false | readonly Interpolation[];

function render(v: Interpolation): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** Markup that is safe by construction (sanitized article bodies, the QR code's SVG). */
export function trusted(markup: string): Html {
  return new Html(markup);
}
