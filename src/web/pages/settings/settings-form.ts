/** "7, 3，1" → [7, 3, 1]; null when not 1–5 positive whole numbers. */
export function parseDays(text: string, max: number): number[] | null {
  const parts = text
    .split(/[,，、\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0 || parts.length > 5) return null;
  const days = parts.map(Number);
  return days.every((d) => Number.isInteger(d) && d >= 1 && d <= max) ? days : null;
}
