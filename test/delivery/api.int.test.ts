import { afterEach, describe, expect, inject, it } from 'vitest';
import { createApiRouter, startApiServer } from '../../functions/http/api';
import { createLocalDelivery } from '../../functions/local/delivery';
import { smtpChannel } from '../../functions/send/channels/email-smtp';
import { applySesFeedback } from '../../functions/subscriptions/ses-feedback';
import { change, listBatch, sectors } from './builders';
import { freshStore, manualClock, type SmtpSink, startSmtp, tempDir } from './servers';

describe.each(inject('dynamoEngines'))('subscription API over a loopback server on $name', ({ endpoint }) => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (closers.length) await closers.pop()!();
  });

  async function setup() {
    const sink: SmtpSink = await startSmtp();
    closers.push(sink.close);
    const store = await freshStore(endpoint);
    const clock = manualClock();
    const batch = listBatch([change({ id: '501', name: 'Sovcomflot', sectors: sectors('shipping') })]);
    const delivery = await createLocalDelivery({
      repos: store,
      dataDir: await tempDir(),
      env: {},
      settings: { smtpUrl: sink.url, allowPrivateTargets: false },
      loadBatch: async () => batch,
      now: clock.now,
      random: () => 0.5,
    });
    let n = 0;
    const router = createApiRouter({
      subscriptions: delivery.subscriptions,
      email: smtpChannel(sink.url),
      sender: delivery.settings.sender,
      publicBaseUrl: 'http://127.0.0.1:8787',
      tokenKey: delivery.tokenKey,
      adminToken: delivery.adminToken,
      allowPrivateTargets: false,
      knownSources: ['us-ofac-sdn', 'gb-ofsi-conlist'],
      now: clock.now,
      newId: () => `sub_test${++n}`,
      // New webhook targets are resolved when added (SSRF check): a fixed public answer, no network.
      lookup: async () => ['93.184.216.34'],
    });
    const { server, url } = await startApiServer(router, 0);
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    // Links in emails point at PUBLIC_BASE_URL; the test sends them to the loopback server instead.
    const local = (link: string) => link.replace('http://127.0.0.1:8787', url);
    return { sink, delivery, url, local, batch, clock };
  }

  const linkIn = (text: string, path: string) => {
    const m = new RegExp(`http://127\\.0\\.0\\.1:8787${path}\\?token=[A-Za-z0-9_.%-]+`).exec(text);
    if (!m) throw new Error(`no ${path} link in the email`);
    return m[0];
  };

  it('self-service: subscribe → confirmation email → confirm → alert → one-click unsubscribe', async () => {
    const { sink, delivery, url, local, batch } = await setup();
    const bad = await fetch(`${url}/subscriptions`, {
      method: 'POST',
      body: JSON.stringify({ email: 'not-an-address' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: 'invalid subscription',
      issues: [expect.stringMatching(/^email: /)],
    });
    const badSource = await fetch(`${url}/subscriptions`, {
      method: 'POST',
      body: JSON.stringify({ email: 'a@example.com', filters: { sources: ['nope'] } }),
    });
    expect(badSource.status).toBe(400);

    const res = await fetch(`${url}/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'Officer@Example.com', filters: { sectors: ['shipping'] } }),
    });
    expect(res.status).toBe(202);
    expect((await delivery.subscriptions.get('sub_test1'))?.status).toBe('pending');
    expect(sink.messages).toHaveLength(1);
    const confirmation = sink.messages[0]!.parsed;
    const confirmLink = linkIn(String(confirmation.text), '/confirm');

    // A pending subscription gets no alert.
    expect((await delivery.deliverBatch(batch)).fanout.matched).toBe(0);

    const confirmed = await fetch(local(confirmLink));
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Subscription confirmed');
    expect((await delivery.subscriptions.get('sub_test1'))?.status).toBe('active');
    // A forged token is refused.
    expect((await fetch(`${url}/confirm?token=${confirmLink.split('token=')[1]}x`)).status).toBe(400);

    await delivery.deliverBatch({ ...batch, id: `us-ofac-sdn:${'e'.repeat(64)}` });
    expect(sink.messages).toHaveLength(2);
    const alert = sink.messages[1]!;
    const oneClick = /^List-Unsubscribe: <([^>]+)>/m.exec(alert.raw)?.[1];
    expect(oneClick).toBeDefined();

    // Manage link: read and change the filters.
    const manageLink = local(linkIn(String(alert.parsed.text), '/manage').replace(/&amp;/g, '&'));
    expect(await (await fetch(manageLink)).json()).toMatchObject({
      channel: 'email',
      filters: { sectors: ['shipping'] },
    });
    const badPut = await fetch(manageLink, {
      method: 'PUT',
      body: JSON.stringify({ filters: { sectors: ['spaceships'] } }),
    });
    expect(badPut.status).toBe(400);
    const put = await fetch(manageLink, {
      method: 'PUT',
      body: JSON.stringify({ filters: { sectors: ['oil'] } }),
    });
    expect(put.status).toBe(200);
    expect((await delivery.subscriptions.get('sub_test1'))?.filters).toEqual({ sectors: ['oil'] });

    // GET shows a button and changes nothing; the RFC 8058 POST unsubscribes.
    const view = await fetch(local(oneClick!));
    expect(await view.text()).toContain('<form method="post"');
    expect((await delivery.subscriptions.get('sub_test1'))?.status).toBe('active');
    const post = await fetch(local(oneClick!), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(post.status).toBe(200);
    expect((await delivery.subscriptions.get('sub_test1'))?.status).toBe('unsubscribed');
    expect(
      (await fetch(local(oneClick!), { method: 'POST', body: 'List-Unsubscribe=One-Click' })).status,
    ).toBe(200);
  });

  it('confirmation emails are limited: one pending per address (30 sign-ups → 1 email), 5 per client IP per hour', async () => {
    const { sink, url, clock, delivery } = await setup();
    const signUp = (email: string, filters: unknown = {}) =>
      fetch(`${url}/subscriptions`, { method: 'POST', body: JSON.stringify({ email, filters }) });
    const answers = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const r = await signUp(
        i % 2 ? 'repeat@example.com' : 'Repeat@Example.com',
        i % 3 ? {} : { sectors: ['oil'] },
      );
      expect(r.status).toBe(202);
      answers.add(await r.text());
    }
    expect(answers.size).toBe(1);
    expect(sink.messages).toHaveLength(1);
    expect((await delivery.subscriptions.findByTarget('email', 'repeat@example.com')).length).toBe(1);

    // Four more addresses reach the client's 5 per hour; the sixth address gets 429 and no email.
    for (const who of ['b', 'c', 'd', 'e']) expect((await signUp(`${who}@example.com`)).status).toBe(202);
    expect(sink.messages).toHaveLength(5);
    const over = await signUp('f@example.com');
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    // Over the quota the answer is the same whether or not the address has a confirmation pending.
    expect((await signUp('repeat@example.com')).status).toBe(429);
    expect(sink.messages).toHaveLength(5);
    expect(await delivery.subscriptions.findByTarget('email', 'f@example.com')).toEqual([]);

    // The next hour the client may sign up again; the pending address still gets nothing new.
    clock.advance(3600_000);
    expect((await signUp('f@example.com')).status).toBe(202);
    expect((await signUp('repeat@example.com')).status).toBe(202);
    expect(sink.messages.map((m) => m.envelope.to[0]?.toLowerCase())).toEqual([
      'repeat@example.com',
      'b@example.com',
      'c@example.com',
      'd@example.com',
      'e@example.com',
      'f@example.com',
    ]);
  });

  it('a confirmed address may sign up other filters at once; the same filters again send nothing', async () => {
    const { sink, url, local } = await setup();
    const signUp = (filters: unknown) =>
      fetch(`${url}/subscriptions`, {
        method: 'POST',
        body: JSON.stringify({ email: 'x@example.com', filters }),
      });
    expect((await signUp({ sectors: 'oil,gas' })).status).toBe(202);
    expect((await fetch(local(linkIn(String(sink.messages[0]!.parsed.text), '/confirm')))).status).toBe(200);
    expect((await signUp({ sectors: ['gas', 'oil'] })).status).toBe(202);
    expect(sink.messages).toHaveLength(1);
    expect((await signUp({ sectors: ['shipping'] })).status).toBe(202);
    expect(sink.messages).toHaveLength(2);
  });

  it('admin: SSRF-refused webhook and Slack targets and duplicate subscriptions are refused when added', async () => {
    const { url, delivery } = await setup();
    const auth = { authorization: `Bearer ${delivery.adminToken}` };
    const post = (body: unknown) =>
      fetch(`${url}/admin/subscriptions`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
    for (const target of [
      'http://169.254.169.254/latest/meta-data',
      'http://10.0.0.8/hook',
      'http://127.0.0.1:9/x',
    ]) {
      const r = await post({ channel: 'webhook', target });
      expect(r.status, target).toBe(400);
      expect(((await r.json()) as { issues: string[] }).issues[0]).toMatch(/^target: .* address: refused/);
    }
    const body = {
      channel: 'webhook',
      target: 'https://hooks.example.com/in',
      filters: { sectors: 'oil,gas' },
    };
    expect((await post(body)).status).toBe(201);
    const dup = await post({ ...body, filters: { sectors: ['gas', 'oil'] } });
    expect(dup.status).toBe(409);
    expect(await dup.json()).toMatchObject({ error: 'duplicate subscription' });
    // A watch list stored by an older version as one comma-joined term is read as the list it meant.
    await delivery.subscriptions.create({
      id: 'sub_old',
      channel: 'email',
      target: 'old@example.com',
      filters: { watch: ['DHOU EL-AICH,OTHER NAME'] },
      mode: 'immediate',
      status: 'active',
      createdAt: '2025-03-01T08:00:00.000Z',
    });
    expect((await delivery.subscriptions.get('sub_old'))?.filters.watch).toEqual([
      'DHOU EL-AICH',
      'OTHER NAME',
    ]);
    const never = await post({
      channel: 'email',
      target: 'a@example.com',
      filters: { sources: ['us-ofac-sdn'], kinds: ['notice'] },
    });
    expect(never.status).toBe(400);
  });

  it('admin endpoints need the bearer credential; a webhook secret is shown once', async () => {
    const { url, delivery } = await setup();
    const body = JSON.stringify({
      channel: 'webhook',
      target: 'https://hooks.example.com/in',
      filters: { kinds: ['added'] },
    });
    expect((await fetch(`${url}/admin/subscriptions`, { method: 'POST', body })).status).toBe(401);
    const wrong = await fetch(`${url}/admin/subscriptions`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${delivery.adminToken}x` },
    });
    expect(wrong.status).toBe(401);
    const auth = { authorization: `Bearer ${delivery.adminToken}` };
    const created = await fetch(`${url}/admin/subscriptions`, { method: 'POST', body, headers: auth });
    expect(created.status).toBe(201);
    const sub = (await created.json()) as { id: string; status: string; secret: string };
    expect(sub.status).toBe('active');
    expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const slack = await fetch(`${url}/admin/subscriptions`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ channel: 'slack', target: 'https://evil.example.com/services/x' }),
    });
    expect(slack.status).toBe(400);
    const listed = await (await fetch(`${url}/admin/subscriptions`, { headers: auth })).text();
    expect(listed).toContain(sub.id);
    expect(listed).not.toContain(sub.secret);
    expect(
      (await fetch(`${url}/admin/subscriptions/${sub.id}`, { method: 'DELETE', headers: auth })).status,
    ).toBe(200);
    expect(
      (await fetch(`${url}/admin/subscriptions/${sub.id}`, { method: 'DELETE', headers: auth })).status,
    ).toBe(404);
  });

  it('an SES permanent bounce suppresses the address: no more alerts, no new sign-up email', async () => {
    const { url, delivery, sink, batch } = await setup();
    await delivery.subscriptions.create({
      id: 'sub_bouncy',
      channel: 'email',
      target: 'gone@example.com',
      filters: {},
      mode: 'immediate',
      status: 'active',
      createdAt: '2025-03-01T08:00:00.000Z',
    });
    const transient = JSON.stringify({
      eventType: 'Bounce',
      bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'gone@example.com' }] },
    });
    expect(
      await applySesFeedback(transient, delivery.subscriptions, '2025-03-01T09:00:00.000Z'),
    ).toMatchObject({
      type: 'ignored',
    });
    const permanent = JSON.stringify({
      eventType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        feedbackId: 'fb-1',
        bouncedRecipients: [{ emailAddress: 'Gone@Example.com' }],
      },
      mail: { messageId: 'x' },
    });
    expect(await applySesFeedback(permanent, delivery.subscriptions, '2025-03-01T09:00:00.000Z')).toEqual({
      type: 'bounce',
      suppressed: 1,
      subscriptions: 1,
    });
    expect((await delivery.subscriptions.get('sub_bouncy'))?.status).toBe('suppressed');
    expect((await delivery.deliverBatch(batch)).fanout.matched).toBe(0);
    const res = await fetch(`${url}/subscriptions`, {
      method: 'POST',
      body: JSON.stringify({ email: 'gone@example.com' }),
    });
    expect(res.status).toBe(202);
    expect(sink.messages).toHaveLength(0);
  });
});
