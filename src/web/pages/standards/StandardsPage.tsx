/** Being built. */
export function StandardsPage() {
  return null;
}
