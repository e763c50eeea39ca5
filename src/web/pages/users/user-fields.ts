/** Client-side mirrors of the user contract's formats, for early feedback; the server decides. */
export const USERNAME_PATTERN = /^[a-z0-9_.-]{2,64}$/;
export const PHONE_PATTERN = /^[0-9+\- ]{5,20}$/;
