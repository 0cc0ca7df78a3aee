import { EntityManager } from 'typeorm';
import { DomainEvent } from '@care-events/transactional-messaging';

/** What a command decided: its answer, and the events that record the change (none when nothing changed). */
export interface Outcome<Result> {
  result: Result;
  events: DomainEvent[];
}

/**
 * One command on one patient's data, as a decider: read the state, decide with a pure function,
 * save. `Target` says whose lock it needs, in the terms of the service's PatientLock, and `Locked`
 * is what taking that lock gave (identity's locked patient rows; nothing for a clinical service).
 */
export interface PatientCommand<Target, Locked, State, Result, Tx = EntityManager> {
  lock: Target;
  /** Reads what the decision needs, as it stands under the lock. A command that needs nothing leaves it out. */
  load?(tx: Tx, locked: Locked): Promise<State>;
  /** The domain's rule: refuses by throwing, or gives the outcome. No I/O, so it is tested on its own. */
  decide(state: State): Outcome<Result>;
  /** Writes the decided change. Not called when the outcome has no events: nothing changed. */
  save(tx: Tx, outcome: Outcome<Result>, state: State): Promise<void>;
}

/**
 * Serialises one patient's writes, and so the order of their events: holds the patient's lock
 * until the transaction ends, or refuses (throws) when the patient may not be written for.
 * Identity locks its own patient rows; a clinical service locks its view of identity's patient.
 */
export interface PatientLock<Target, Locked = void, Tx = EntityManager> {
  lock(tx: Tx, target: Target): Promise<Locked>;
}

/** Runs work in one transaction: all of it commits or none of it does. TypeORM's DataSource is one. */
export interface Transactions<Tx> {
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}

/** Takes a command's events in its transaction: the service's OutboxWriter. */
export interface EventOutbox<Tx> {
  append(tx: Tx, events: DomainEvent[]): Promise<void>;
}
