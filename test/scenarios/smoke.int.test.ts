/**
 * The harness itself, on a real UN pair: a first publication is a baseline (nobody alerted), the
 * next one's three delistings reach each of the three subscribers exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, realPath } from '../support/realdata';
import { deliveryCounts, type Scenario, scenario } from './harness';

if (!HAVE_REALDATA) console.warn(REALDATA_SKIP_MESSAGE);

describe.skipIf(!HAVE_REALDATA)('scenario harness on real UN publications', () => {
  let s: Scenario | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('alerts the three delistings of 2017-07-03 once to every subscriber, nothing for the baseline', async () => {
    s = await scenario();
    await s.subscribeAll();
    const first = await s.poll('un-sc-consolidated', realPath('un-consolidated', '2017-06-30.xml'));
    expect(first.code, first.err).toBe(0);
    expect(await deliveryCounts(s)).toEqual({ emails: 0, webhooks: 0, slack: 0 });
    const second = await s.poll('un-sc-consolidated', realPath('un-consolidated', '2017-07-03.xml'));
    expect(second.code, second.err).toBe(0);
    expect(second.out).toMatch(/0 added, 3 removed/);
    expect(await deliveryCounts(s)).toEqual({ emails: 1, webhooks: 1, slack: 1 });
    const d = await s.delivered();
    expect(d.emails[0]).toMatch(/DHOU EL-AICH/);
  });
});
