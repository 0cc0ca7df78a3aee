import { EntityManager } from 'typeorm';
import { EventOutbox, PatientCommand, PatientCreation, PatientLock, Transactions } from './patient-command';

/**
 * Runs every command of a service the same way, in one transaction: lock the patient, load,
 * decide, save, append the events to the outbox. A command that is refused or fails leaves
 * nothing behind, and a change is never stored without its events (nor they without it).
 */
export class PatientCommandHandler<Target, Locked = void, Tx = EntityManager> {
  constructor(
    private readonly transactions: Transactions<Tx>,
    private readonly outbox: EventOutbox<Tx>,
    private readonly patientLock: PatientLock<Target, Locked, Tx>,
  ) {}

  handle<State, Result>(command: PatientCommand<Target, Locked, State, Result, Tx>): Promise<Result> {
    return this.transactions.transaction(async (tx) => {
      const locked = await this.patientLock.lock(tx, command.lock);
      const state = (await command.load?.(tx, locked)) as State;
      const outcome = command.decide(state);
      if (outcome.events.length === 0) return outcome.result;
      await command.save(tx, outcome, state);
      await this.outbox.append(tx, outcome.events);
      return outcome.result;
    });
  }

  /** A patient's first row and its events, in one statement: nothing else to lock, read or roll back. */
  async create<Result>(creation: PatientCreation<Result>): Promise<Result> {
    const outcome = creation.decide();
    await this.outbox.appendWith(this.transactions.manager, creation.insert(outcome), outcome.events);
    return outcome.result;
  }
}
