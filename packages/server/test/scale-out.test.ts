import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ChaosReport, runChaos } from './support/chaos.js';
import { postgresSkipReason, temporaryPostgresSchema } from './support/postgres.js';

const report = (name: string, result: ChaosReport) =>
  process.stdout.write(`${name}: ${JSON.stringify(result)}\n`);

/** The counts that make "exactly once" true, whatever the storm did. */
function assertExactlyOnce(result: ChaosReport): void {
  assert.equal(result.badSignatures, 0, 'every forwarded order carried a valid signature');
  assert.equal(result.ordersReceived, result.sessions, 'every paid session reached FULFILMENT_URL');
  assert.equal(result.lostEvents, 0, 'every delivered event is recorded as processed');
  assert.equal(result.overlappingDeliveries, 0, 'no two instances sent the same order at the same time');
  // A repeat is only possible when an instance dies between the receiver's 2xx and the ledger's record of it (the
  // documented case receivers dedupe with Idempotency-Key); never from the duplicates or the races.
  assert.ok(
    result.maxDeliveriesPerOrder <= 2,
    `an order was delivered ${result.maxDeliveriesPerOrder} times`,
  );
  assert.ok(
    result.repeatedDeliveries <= result.kills * 20,
    `${result.repeatedDeliveries} repeated deliveries`,
  );
}

const number = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

describe('several checkout-server instances on one PostgreSQL ledger', () => {
  const postgres = temporaryPostgresSchema();

  it('3 instances, 200 paid sessions × 10 deliveries spread over them, lookups racing, one SIGKILL + restart: each order once', {
    skip: postgresSkipReason,
    timeout: 600_000,
  }, async () => {
    const result = await runChaos({
      databaseUrl: postgres.url,
      schema: `${postgres.schema}_scale`,
      instances: 3,
      sessions: 200,
      duplicates: 10,
      kills: 1,
      databaseFaults: 0,
    });
    report('scale-out', result);
    assertExactlyOnce(result);
  });

  it('bounded chaos: kills, duplicate storms and terminated database connections (CHAOS_* variables scale it up)', {
    skip: postgresSkipReason,
    timeout: 1_800_000,
  }, async () => {
    const result = await runChaos({
      databaseUrl: postgres.url,
      schema: `${postgres.schema}_chaos`,
      instances: number('CHAOS_INSTANCES', 3),
      sessions: number('CHAOS_SESSIONS', 60),
      duplicates: number('CHAOS_DUPLICATES', 10),
      kills: number('CHAOS_KILLS', 2),
      databaseFaults: number('CHAOS_DB_FAULTS', 2),
    });
    report('chaos', result);
    assertExactlyOnce(result);
    assert.ok(result.terminatedBackends > 0, 'the database faults terminated live connections');
  });
});
