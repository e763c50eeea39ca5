/** Client-side mirrors of the user contract's formats, for early feedback; the server decides. */
export const USERNAME_PATTERN = /^[a-z0-9_.-]{2,64}$/;
export const PHONE_PATTERN = /^[0-9+\- ]{5,20}$/;

/** antd rules for the optional email field: trimmed like the server does, at most 254 characters. */
export function emailRules(message: string) {
  return [
    { type: 'email' as const, transform: (v: string | undefined) => v?.trim(), message },
    { max: 254, message },
  ];
}
