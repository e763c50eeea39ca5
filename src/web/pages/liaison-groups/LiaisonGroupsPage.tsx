/** Being built. */
export function LiaisonGroupsPage() {
  return null;
}
