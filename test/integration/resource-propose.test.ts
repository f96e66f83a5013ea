// A teacher proposes a resource for purchase from its page; visitors and publishers see no button.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, createEstablishment } from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('proposing a resource from its page', () => {
  it('shows the button to a teacher and records the proposal', async () => {
    const establishment = await createEstablishment(server.database.db);
    const teacher = await createUser(server.database.db, {
      role: 'teacher',
      establishmentId: establishment.id,
    });
    const page = await server.app.inject({
      url: '/ressources/ccr-0000001',
      headers: { cookie: teacher.cookie },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`action="/etablissements/${establishment.uai}/propositions"`);
    expect(page.body).toContain('Proposer pour mon établissement');

    const resource = await server.database.db
      .selectFrom('resources')
      .select('id')
      .where('identifier', '=', 'ccr-0000001')
      .executeTakeFirstOrThrow();
    const response = await server.app.inject({
      method: 'POST',
      url: `/etablissements/${establishment.uai}/propositions`,
      headers: { cookie: teacher.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(teacher.csrf)}&resource=${resource.id}`,
    });
    expect(response.statusCode).toBeLessThan(400);
    const proposals = await server.database.db
      .selectFrom('proposals')
      .select(['resource_id', 'proposed_by'])
      .where('establishment_id', '=', establishment.id)
      .execute();
    expect(proposals).toEqual([{ resource_id: resource.id, proposed_by: teacher.id }]);
  });

  it('shows no button to a visitor or a publisher', async () => {
    const visitor = await server.app.inject('/ressources/ccr-0000001');
    expect(visitor.body).not.toContain('/propositions');
    const publisher = await createUser(server.database.db, { role: 'publisher' });
    const page = await server.app.inject({
      url: '/ressources/ccr-0000001',
      headers: { cookie: publisher.cookie },
    });
    expect(page.body).not.toContain('/propositions');
  });
});
