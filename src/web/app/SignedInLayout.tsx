import { AppLayout } from './AppLayout.tsx';
import { RequireAuth } from './RequireAuth.tsx';

/** Every page behind the sign-in: the access guard around the header, menu and content. */
export function SignedInLayout() {
  return (
    <RequireAuth>
      <AppLayout />
    </RequireAuth>
  );
}
