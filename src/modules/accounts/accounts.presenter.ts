// What the API returns about accounts: never raw rows, never hashes or tokens other than the CSRF one.
import { roleLabels } from './actor.js';
import type { Profile } from './accounts.service.js';

export function presentProfile(profile: Profile) {
  return {
    user: profile.user,
    roles: profile.roles.map((role) => ({
      role: role.role,
      label: roleLabels[role.role],
      ...(role.establishment ? { establishment: role.establishment } : {}),
      ...(role.academy ? { academy: role.academy } : {}),
      ...(role.producer ? { producer: role.producer } : {}),
    })),
  };
}
