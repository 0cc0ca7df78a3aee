import { Client } from 'pg';
import { authorizationUnlessGiven } from './call-service';
import { KnownValues, MalformedRequest, malformedRequests } from './malformed-requests';
import { writeEndpointsOf } from './openapi-write-endpoints';
import { SeededRandom } from './seeded-random';

export interface FuzzFinding {
  request: string;
  status: number;
  answer: string;
}

/** What a service did with the malformed requests: anything but empty lists is a defect. */
export interface FuzzReport {
  sent: number;
  /** Distinct endpoints seen in the OpenAPI document. */
  endpoints: string[];
  /** 5xx answers. */
  serverErrors: FuzzFinding[];
  /** 2xx or 3xx: a malformed request was taken. */
  accepted: FuzzFinding[];
  /** 4xx whose message does not name the field, parameter, header or body that is wrong. */
  unnamed: FuzzFinding[];
}

export interface FuzzOptions {
  known: KnownValues;
  seed: number;
  /** Requests to send at least (seeded combinations of wrong fields fill up to it). */
  atLeast: number;
  concurrency?: number;
  /**
   * Tables fed by consumed topics (e.g. known_patient, inbox_message), left out of the count:
   * other writers on the same broker move them meanwhile.
   */
  projections?: string[];
}

/**
 * Reads a running service's OpenAPI document and sends every write endpoint malformed requests:
 * wrong types, missing, unknown, empty, huge and unicode values, nested objects replaced by
 * arrays, strings and null, bad ids in paths and bodies, invalid and non-object JSON.
 */
export async function fuzzWriteEndpoints(serviceUrl: string, options: FuzzOptions): Promise<FuzzReport> {
  const endpoints = await writeEndpointsOf(serviceUrl);
  const requests = malformedRequests(endpoints, options.known, new SeededRandom(options.seed), options.atLeast);
  const report: FuzzReport = { sent: 0, endpoints: endpoints.map((e) => `${e.method} ${e.path}`), serverErrors: [], accepted: [], unnamed: [] };
  const queue = [...requests];
  const worker = async () => {
    for (let request = queue.shift(); request; request = queue.shift()) judge(report, request, await send(serviceUrl, request));
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return report;
}

async function send(serviceUrl: string, request: MalformedRequest): Promise<{ status: number; text: string }> {
  const headers = { 'content-type': 'application/json', ...(await authorizationUnlessGiven(request.headers)), ...request.headers };
  const response = await fetch(`${serviceUrl}${request.path}`, { method: request.method, headers, body: request.body, signal: AbortSignal.timeout(15_000) });
  return { status: response.status, text: await response.text() };
}

function judge(report: FuzzReport, request: MalformedRequest, { status, text }: { status: number; text: string }): void {
  report.sent++;
  const finding = { request: request.label, status, answer: text.slice(0, 300) };
  if (status >= 500) report.serverErrors.push(finding);
  else if (status < 400) report.accepted.push(finding);
  else if (!namesOneOf(messagesOf(text), request.names)) report.unnamed.push(finding);
}

function messagesOf(text: string): string[] {
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    return (Array.isArray(message) ? message : [message]).filter((line): line is string => typeof line === 'string');
  } catch {
    return [];
  }
}

/** A line such as "name.given: must contain at least 1 elements" names "name.given" (and so "name"). */
function namesOneOf(lines: string[], names: string[]): boolean {
  return lines.some((line) => names.some((name) => new RegExp(`^${escaped(name)}(?:[:.\\s]|$)`, 'i').test(line)));
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** fuzzWriteEndpoints, with the rows each table gained meanwhile (none, for a service that refused everything). */
export async function fuzzCountingWrites(serviceUrl: string, db: Client, options: FuzzOptions): Promise<CountedFuzzReport> {
  const before = await tableCounts(db);
  const report = await fuzzWriteEndpoints(serviceUrl, options);
  const after = await tableCounts(db);
  const counted = Object.entries(after).filter(([table]) => !options.projections?.includes(table));
  const written = Object.fromEntries(counted.filter(([table, rows]) => rows !== before[table]).map(([table, rows]) => [table, rows - (before[table] ?? 0)]));
  return { ...report, written };
}

export type CountedFuzzReport = FuzzReport & { written: Record<string, number> };

/** The parts of a report that say a malformed request got through; all empty when the service refused everything. */
export function misbehaviour({ serverErrors, accepted, unnamed, written }: CountedFuzzReport) {
  return { serverErrors, accepted, unnamed, written };
}

export const NO_MISBEHAVIOUR: ReturnType<typeof misbehaviour> = { serverErrors: [], accepted: [], unnamed: [], written: {} };

/** Rows in every table of the database's current schema, to show a run wrote nothing. */
export async function tableCounts(db: Client): Promise<Record<string, number>> {
  const tables = await db.query<{ name: string }>(
    "select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1",
  );
  const counts = await Promise.all(tables.rows.map(async ({ name }) => [name, Number((await db.query(`select count(*) from "${name}"`)).rows[0].count)] as const));
  return Object.fromEntries(counts);
}
