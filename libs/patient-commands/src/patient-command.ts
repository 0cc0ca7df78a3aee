import { EntityManager } from 'typeorm';
import { DomainEvent, SqlStatement } from '@care-events/transactional-messaging';

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
 * A command that creates a patient's first row. There is nothing to lock (no row exists yet) and
 * nothing to read, so the row and its events are written by one statement, atomic on its own: one
 * round trip instead of a transaction's four, and no connection held open between them while the
 * service's event loop is busy with other requests.
 */
export interface PatientCreation<Result> {
  /** The domain's rule, as for any command: refuses by throwing, or gives the outcome. */
  decide(): Outcome<Result>;
  /** The decided row(s) as one insert, which the outbox's insert of the events joins. */
  insert(outcome: Outcome<Result>): SqlStatement;
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
  /** Outside any transaction: each statement commits on its own. */
  readonly manager: Tx;
}

/** Takes a command's events in its transaction: the service's OutboxWriter. */
export interface EventOutbox<Tx> {
  append(tx: Tx, events: DomainEvent[]): Promise<void>;
  /** Runs `statement` and appends the events in one statement: both are written, or neither. */
  appendWith(tx: Tx, statement: SqlStatement, events: DomainEvent[]): Promise<void>;
}
