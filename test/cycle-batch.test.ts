import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Actor } from '../src/access/roles';
import { pendingWrite, sendWrites } from '../src/cycle/commands/append-event';
import { applyTransitions } from '../src/cycle/commands/apply-transition';
import { completeHandoffsFor } from '../src/cycle/commands/complete-handoffs-for';
import { moveHandoff } from '../src/cycle/commands/move-handoff';
import { openHandoff } from '../src/cycle/commands/open-handoff';
import { handoffMachine } from '../src/cycle/transitions';
import type { Tx } from '../src/db/transaction';
import { describeBackends, startTestServer, type TestServer } from './harness';

const picker: Actor = { id: 'usr_picker', role: 'warehouse', customerId: null, name: 'Pia' };
const clerk: Actor = { id: 'usr_clerk', role: 'csr', customerId: null, name: 'Carl' };

/** Set-based moves through the state table: one UPDATE and one event per row, every row checked before any write. */
describeBackends('cycle: set-based moves', (backend) => {
  let omc: TestServer;
  beforeAll(async () => {
    omc = await startTestServer(backend);
  });
  afterAll(async () => omc?.stop());

  const inTx = <T>(actor: Actor, fn: (tx: Tx) => Promise<T>) =>
    omc.server.database.db.transaction().execute((db) => fn({ db, now: omc.clock.now(), actor, requestId: null }));
  const handoffsOf = (subjectId: string) => omc.server.database.db.selectFrom('handoffs').selectAll().where('subject_id', '=', subjectId).orderBy('id').execute();
  const eventsOf = (type: string, ids: string[]) =>
    omc.server.database.db.selectFrom('events').selectAll().where('type', '=', type).where('subject_id', 'in', ids).orderBy('id').execute();

  async function threeHandoffs(subjectId: string) {
    return inTx(SYSTEM_ACTOR, async (tx) => {
      const opened = [];
      for (let i = 0; i < 3; i++) opened.push(await openHandoff(tx, { subject: { type: 'shipment', id: subjectId }, stage: 'fulfillment', department: 'warehouse', note: `step ${i}` }));
      await moveHandoff({ ...tx, actor: picker }, opened[1]!.id, 'taken');
      return opened.map((h) => h.id);
    });
  }

  it('completes every open handoff of a subject, each with its own event; a taken one keeps its owner', async () => {
    const ids = await threeHandoffs('shp_batch_1');
    await inTx(SYSTEM_ACTOR, (tx) => completeHandoffsFor(tx, 'shp_batch_1', 'all done'));
    const rows = await handoffsOf('shp_batch_1');
    expect(rows.map((h) => [h.status, h.owner])).toEqual([
      ['completed', 'system'],
      ['completed', 'usr_picker'],
      ['completed', 'system'],
    ]);
    expect(rows.every((h) => h.completed_at?.getTime() === omc.clock.now().getTime())).toBe(true);
    const events = await eventsOf('handoff.completed', ids);
    expect(events.map((e) => [e.subject_id, (e.data as { from: string }).from, (e.data as { note: string }).note])).toEqual([
      [ids[0], 'open', 'all done'],
      [ids[1], 'taken', 'all done'],
      [ids[2], 'open', 'all done'],
    ]);
  });

  it("refuses another department's handoffs and writes nothing", async () => {
    const ids = await threeHandoffs('shp_batch_2');
    await expect(inTx(clerk, (tx) => completeHandoffsFor(tx, 'shp_batch_2', 'not mine'))).rejects.toMatchObject({ code: 'forbidden' });
    expect((await handoffsOf('shp_batch_2')).map((h) => h.status)).toEqual(['open', 'taken', 'open']);
    expect(await eventsOf('handoff.completed', ids)).toEqual([]);
  });

  it('checks every row against the table before the one UPDATE: one move not in the table and none is written', async () => {
    const ids = await threeHandoffs('shp_batch_3');
    const statuses = await inTx(SYSTEM_ACTOR, async (tx) => {
      const rows = await tx.db.selectFrom('handoffs').selectAll().where('subject_id', '=', 'shp_batch_3').orderBy('id').forUpdate().execute();
      // open -> taken is in the table; taken -> taken is not.
      const moves = rows.map((h) => ({ id: h.id, lockedAs: h.status as 'open' | 'taken' }));
      await expect(applyTransitions(tx, handoffMachine, 'taken', moves)).rejects.toMatchObject({ code: 'invalid_transition' });
      // Still inside the transaction: nothing was written before the refusal.
      return (await tx.db.selectFrom('handoffs').select('status').where('subject_id', '=', 'shp_batch_3').orderBy('id').execute()).map((h) => h.status);
    });
    expect(statuses).toEqual(['open', 'taken', 'open']);
    expect(await eventsOf('handoff.taken', [ids[0]!, ids[2]!])).toEqual([]);
  });

  it('sends several writes and all their events in one statement, the events in the order given', async () => {
    const ids = await inTx(SYSTEM_ACTOR, (tx) =>
      sendWrites(tx, [
        pendingWrite(tx, tx.db.updateTable('handoffs').set({ note: 'a' }).where('subject_id', '=', 'shp_none'), [{ type: 'test.first', subject: { type: 'test', id: 'one' } }]),
        null,
        pendingWrite(tx, tx.db.updateTable('handoffs').set({ note: 'b' }).where('subject_id', '=', 'shp_none'), [
          { type: 'test.second', subject: { type: 'test', id: 'two' } },
          { type: 'test.third', subject: { type: 'test', id: 'three' } },
        ]),
      ]),
    );
    const events = await omc.server.database.db.selectFrom('events').select(['id', 'type']).where('id', 'in', ids).orderBy('id').execute();
    expect(events.map((e) => e.type)).toEqual(['test.first', 'test.second', 'test.third']);
    expect(events.map((e) => e.id)).toEqual(ids);
  });
});
