import assert from 'node:assert/strict';
import { describe, it as test } from 'node:test';
import type { Ledger } from '../src/index.js';

/**
 * One suite, run against every ledger store. `open` returns a fresh ledger over the same storage each time it is
 * called, so tests can race two independent connections (two server instances) against each other.
 */
export function ledgerContract(name: string, open: () => Ledger, skip?: string): void {
  describe(`ledger contract: ${name}`, () => {
    // Skipped per test (not per suite) so the runner counts and prints every skipped test with the reason.
    const it = (title: string, run: () => Promise<void>) => test(title, { skip }, run);
    const withLedgers = async (count: number, run: (ledgers: Ledger[]) => Promise<void>) => {
      const ledgers = Array.from({ length: count }, open);
      try {
        await Promise.all(ledgers.map((ledger) => ledger.init()));
        await run(ledgers);
      } finally {
        await Promise.all(ledgers.map((ledger) => ledger.close()));
      }
    };
    let counter = 0;
    const sessionId = () => `cs_test_contract_${process.pid}_${Date.now()}_${counter++}`;

    it('grants one claim, refuses a second while the lease runs, and never re-grants a done task', async () => {
      await withLedgers(1, async ([ledger]) => {
        const key = { sessionId: sessionId(), kind: 'fulfil' as const };
        const claim = await ledger!.claim(key, 60_000);
        assert.ok(claim, 'the first claim is granted');
        assert.equal(claim.attempts, 1);
        assert.equal(await ledger!.claim(key, 60_000), null, 'a second claim during the lease is refused');
        assert.equal(await ledger!.complete(claim), true);
        assert.equal(await ledger!.claim(key, 60_000, Date.now() + 3_600_000), null, 'done is final');
        assert.equal((await ledger!.task(key))?.state, 'done');
      });
    });

    it('lets a lapsed lease be re-claimed, and the old holder can no longer complete', async () => {
      await withLedgers(1, async ([ledger]) => {
        const key = { sessionId: sessionId(), kind: 'fulfil' as const };
        const start = Date.now();
        const first = await ledger!.claim(key, 1_000, start);
        assert.ok(first);
        assert.equal(await ledger!.claim(key, 1_000, start + 999), null);
        const second = await ledger!.claim(key, 1_000, start + 1_000);
        assert.ok(second, 'the lease lapsed, so the task is claimable again');
        assert.equal(second.attempts, 2);
        assert.equal(await ledger!.complete(first), false, 'the lapsed holder lost its claim');
        assert.equal(await ledger!.complete(second), true);
      });
    });

    it('makes a released claim available again, immediately or from retryAt on', async () => {
      await withLedgers(1, async ([ledger]) => {
        const key = { sessionId: sessionId(), kind: 'expired' as const };
        const now = Date.now();
        const claim = await ledger!.claim(key, 60_000, now);
        assert.ok(claim);
        await ledger!.release(claim, 'onExpired threw', now + 5_000, now);
        const failed = await ledger!.task(key);
        assert.equal(failed?.state, 'failed');
        assert.equal(failed?.lastError, 'onExpired threw');
        assert.equal(await ledger!.claim(key, 60_000, now + 4_999), null, 'not before retryAt');
        assert.ok(await ledger!.claim(key, 60_000, now + 5_000));
      });
    });

    it('grants exactly one of many concurrent claims from two independent connections', async () => {
      await withLedgers(2, async (ledgers) => {
        const key = { sessionId: sessionId(), kind: 'fulfil' as const };
        const attempts = Array.from({ length: 60 }, (_, i) => ledgers[i % 2]!.claim(key, 60_000));
        const granted = (await Promise.all(attempts)).filter((claim) => claim !== null);
        assert.equal(granted.length, 1);
      });
    });

    it('records an event once and remembers when it was processed', async () => {
      await withLedgers(2, async ([a, b]) => {
        const event = {
          eventId: `evt_${sessionId()}`,
          type: 'checkout.session.completed',
          sessionId: 'cs_x',
        };
        const firsts = await Promise.all([a!.beginEvent(event, undefined), b!.beginEvent(event, undefined)]);
        assert.deepEqual(
          firsts.map((start) => start.processed),
          [false, false],
        );
        await a!.finishEvent(event, undefined);
        assert.equal((await b!.beginEvent(event, undefined)).processed, true);
      });
    });

    it('records an event and claims its task in one step, and finishes both in one step', async () => {
      await withLedgers(2, async ([a, b]) => {
        const id = sessionId();
        const key = { sessionId: id, kind: 'fulfil' as const };
        const first = { eventId: `evt_${id}_1`, type: 'checkout.session.completed', sessionId: id };
        const second = { ...first, eventId: `evt_${id}_2` };
        const task = { key, leaseMs: 60_000 };
        const [x, y] = await Promise.all([a!.beginEvent(first, task), b!.beginEvent(first, task)]);
        const winners = [x!, y!].filter((start) => start.claim);
        assert.equal(winners.length, 1, 'exactly one delivery claims the task');
        const loser = [x!, y!].find((start) => !start.claim)!;
        assert.equal(loser.processed, false);
        assert.notEqual(loser.state, 'done', 'the loser sees the task in progress');
        assert.equal(await a!.finishEvent(first, winners[0]!.claim!, '{"amountTotal":1}'), true);
        assert.equal((await b!.task(key))?.state, 'done');
        assert.equal((await b!.task(key))?.payload, '{"amountTotal":1}');
        assert.deepEqual(await b!.beginEvent(first, task), {
          processed: true,
          claim: null,
          state: undefined,
        });
        // Another event for the done session: recorded, not claimed; the caller sees `done`.
        const other = await b!.beginEvent(second, task);
        assert.deepEqual({ ...other }, { processed: false, claim: null, state: 'done' });
        assert.equal(await b!.finishEvent(second, undefined), true);
        assert.equal((await a!.beginEvent(second, undefined)).processed, true);
        // An event with nothing to run is only recorded, and finishing records it even if it was never begun.
        const plain = { ...first, eventId: `evt_${id}_3` };
        assert.equal(await a!.finishEvent(plain, undefined), true);
        assert.equal((await b!.beginEvent(plain, undefined)).processed, true);
      });
    });

    it('gives each of many simultaneous deliveries its own answer (one claim per session)', async () => {
      await withLedgers(1, async ([ledger]) => {
        const ids = [sessionId(), sessionId()];
        const starts = await Promise.all(
          Array.from({ length: 20 }, (_, i) => {
            const id = ids[i % 2]!;
            const event = { eventId: `evt_${id}_${i}`, type: 'checkout.session.completed', sessionId: id };
            return ledger!.beginEvent(event, { key: { sessionId: id, kind: 'fulfil' }, leaseMs: 60_000 });
          }),
        );
        for (const id of ids) {
          const claims = starts.filter((start) => start.claim?.sessionId === id);
          assert.equal(claims.length, 1, `one claim for ${id}`);
        }
        assert.equal(starts.filter((start) => !start.claim && start.state !== 'done').length, 18);
      });
    });

    it('keeps one outbox entry per session and hands each due entry to one worker', async () => {
      await withLedgers(2, async ([a, b]) => {
        const ids = [sessionId(), sessionId(), sessionId()];
        const now = Date.now();
        for (const id of ids) {
          assert.equal(
            await a!.enqueue({ sessionId: id, kind: 'forward' }, JSON.stringify({ id }), now),
            true,
          );
          assert.equal(await b!.enqueue({ sessionId: id, kind: 'forward' }, '{"dup":true}', now), false);
        }
        const [fromA, fromB] = await Promise.all([
          a!.claimDue('forward', 60_000, 100, now),
          b!.claimDue('forward', 60_000, 100, now),
        ]);
        const mine = [...fromA, ...fromB].filter((claim) => ids.includes(claim.sessionId));
        assert.deepEqual(
          mine.map((claim) => claim.sessionId).sort(),
          [...ids].sort(),
          'each entry exactly once',
        );
        for (const claim of mine) assert.deepEqual(JSON.parse(claim.payload ?? ''), { id: claim.sessionId });
        const [retried] = mine;
        await a!.release(retried!, 'receiver answered 503', now + 10_000, now);
        const early = await a!.claimDue('forward', 60_000, 100, now + 9_999);
        assert.equal(
          early.some((claim) => claim.sessionId === retried!.sessionId),
          false,
          'backoff honoured',
        );
        const later = await b!.claimDue('forward', 60_000, 100, now + 10_000);
        const again = later.find((claim) => claim.sessionId === retried!.sessionId);
        assert.ok(again);
        assert.equal(again.attempts, 2);
        assert.equal(await b!.complete(again), true);
        const listed = await a!.tasks();
        assert.equal(listed.find((task) => task.sessionId === retried!.sessionId)?.state, 'done');
      });
    });
  });
}
