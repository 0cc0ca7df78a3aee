import { attempt, send } from './journey-call';
import type { JourneyOutcome } from './patient-journey';
import { serviceUrlFromEnvironment } from './platform-endpoints';

/** The development recipient of `npm start` (tools/platform/analytics-dev-recipients.json). */
const RECIPIENT = 'demo-research';

/**
 * The journey's records reach analysts only once their patients are on the opt-out allow-list: until then the
 * analytics service holds them. The demo's administrator loads a development list (both patients, checked now),
 * which releases what was held to the development recipient, pseudonymised. A platform without analytics is
 * said and skipped, not a failure of the demo.
 */
export async function releaseToAnalytics(outcome: JourneyOutcome, say: (line: string) => void): Promise<void> {
  const url = serviceUrlFromEnvironment('analytics');
  const actor = outcome.cast.administrator;
  const status = await attempt({ step: 'reading the analytics status', url, method: 'GET', path: '/analytics/status', actor }).catch(() => undefined);
  if (!status || status.status !== 200 || !status.body.recipients.some((r: { name: string }) => r.name === RECIPIENT)) {
    say(`• skipped: no analytics service with the development recipient ${RECIPIENT} at ${url}`);
    return;
  }
  const nhsNumbers = [outcome.patient.nhsNumber, outcome.neighbour.nhsNumber];
  const checkedAt = new Date().toISOString();
  const loaded: Record<string, { released: number; withdrawn: number }> = {};
  for (const kind of ['national', 'type1']) {
    loaded[kind] = await send({ step: `loading the development ${kind} opt-out list`, url, method: 'POST', path: `/opt-out-lists/${kind}`, body: { checkedAt, nhsNumbers }, actor });
  }
  const released = loaded.national.released + loaded.type1.released;
  say(`• ${actor.name} loads a development opt-out allow-list (${outcome.patient.name} and ${outcome.neighbour.name}, checked now): ${released} held record(s) released to ${RECIPIENT}`);
  say(`  pseudonymised (no names, NHS numbers or dates of birth; the practice only, k = 2); patients of earlier runs, absent from this list, are withdrawn`);
  say(`  read them: npm run analytics -- preview ${RECIPIENT}   (docs/analytics.md)`);
}
