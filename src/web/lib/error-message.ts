import { ApiError } from '../api/client.ts';

/** The message to show a person for anything a request or a page threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError || error instanceof Error) return error.message;
  return String(error);
}
