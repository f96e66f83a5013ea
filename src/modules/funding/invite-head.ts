// Invites the head of an establishment that has no account yet, through the accounts module. The
// address is the establishment's functional mailbox (ce.<uai>@ac-<academy>.fr), as académies use.
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inviteUser } from '../accounts/accounts.service.js';

export function headMailbox(uai: string, academyCode: string): string {
  return `ce.${uai.toLowerCase()}@ac-${academyCode}.fr`;
}

export async function inviteHead(
  trx: Transaction<Database>,
  input: {
    establishment: { id: number; uai: string; name: string };
    academyCode: string;
    invitedBy: number | null;
  },
): Promise<number> {
  return inviteUser(trx, {
    email: headMailbox(input.establishment.uai, input.academyCode),
    displayName: `Direction – ${input.establishment.name}`,
    grants: [{ role: 'head', establishmentId: input.establishment.id, academyId: null, producerId: null }],
    invitedBy: input.invitedBy,
  });
}
