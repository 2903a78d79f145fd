import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { matchBatch } from '../../functions/dispatch/match';
import { renderEmail } from '../../functions/render/email';
import { renderSlack } from '../../functions/render/slack';
import { renderWebhookPages } from '../../functions/render/webhook';
import { buildMime } from '../../functions/send/mime';
import { CORPUS, change, feedBatch, listBatch, notice, sectors, subscription } from './builders';

function hostileBatch() {
  return listBatch([
    ...Object.entries(CORPUS).map(([id, name]) =>
      change({ id, name, regimes: [`REGIME ${name}`], sectors: sectors('shipping') }),
    ),
    change({
      id: 'fields',
      kind: 'amended',
      name: 'Field Co',
      fields: [{ field: 'remarks<img src=x>', before: CORPUS.img, after: CORPUS.crlf, material: true }],
      announcedIn: [
        {
          source: 'us-ofac-recent-actions',
          noticeId: 'n',
          title: CORPUS.script,
          link: 'javascript:alert(1)',
          published: '2024\r\nX: y',
        },
      ],
    }),
  ]);
}

const LINKS = {
  publicationUrl: 'https://ofac.treasury.gov/sdn',
  unsubscribeUrl: 'https://alerts.example/unsubscribe?t=a.b',
  oneClickUnsubscribeUrl: 'https://alerts.example/u/a.b',
  manageUrl: 'https://alerts.example/manage?t=c.d',
};

describe('injection corpus', () => {
  const batch = hostileBatch();
  const alert = matchBatch([subscription('s1')], batch)[0]!;
  const email = renderEmail({ alert, batch, sourceTitle: 'OFAC SDN\r\nBcc: x@example.com', links: LINKS });

  it('given hostile names, when the email HTML is rendered, then no markup from list data survives', () => {
    const body = email.html.slice(email.html.indexOf('<body'));
    expect(body).not.toMatch(/<script|<img|<b>|onerror=alert\(1\)>|javascript:/i);
    expect(body).toContain('&#60;script&#62;alert(1)&#60;/script&#62; Trading');
    expect(body).toContain('&#34;&#62;&#60;img src=x onerror=alert(1)&#62; Holdings');
    expect(body).toContain('Smith &#38; Sons &#60;Ltd&#62;');
    // Every tag left in the document is one of the renderer's own.
    const tags = new Set([...email.html.matchAll(/<\/?([a-zA-Z0-9!]+)/g)].map((m) => m[1]!.toLowerCase()));
    expect([...tags].sort()).toEqual([
      '!doctype',
      'a',
      'body',
      'br',
      'caption',
      'details',
      'div',
      'h1',
      'h2',
      'head',
      'html',
      'li',
      'meta',
      'p',
      'span',
      'strong',
      'summary',
      'table',
      'tbody',
      'td',
      'th',
      'thead',
      'title',
      'tr',
      'ul',
    ]);
  });

  it('given CR/LF in names and the source title, when the subject and text are rendered, then each stays on one line', () => {
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.text).not.toContain('\r');
    expect(email.text).toContain('Evil Corp Bcc: victim@example.com <b>body</b>');
    expect(email.text).not.toMatch(/^Bcc:/m);
    expect(email.text).not.toContain('\u202E');
  });

  it('given the hostile email, when built as MIME and parsed back, then no header was injected', async () => {
    const raw = buildMime({
      from: 'alerts@notifier.example',
      to: 'analyst@bank.example',
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: email.headers,
      messageId: '<e1@notifier.example>',
      date: new Date(Date.UTC(2024, 0, 1)),
    });
    const mail = await simpleParser(raw);
    expect(mail.bcc).toBeUndefined();
    expect(mail.headerLines.map((h) => h.key).sort()).toEqual(
      [
        'content-type',
        'date',
        'from',
        'list-unsubscribe',
        'list-unsubscribe-post',
        'message-id',
        'mime-version',
        'subject',
        'to',
      ].sort(),
    );
    expect(mail.subject).toBe(email.subject);
  });

  it('given hostile names, when the Slack message is rendered, then mentions and links from list data are inert', () => {
    const msg = renderSlack(alert, batch, { publicationUrl: LINKS.publicationUrl, sourceTitle: 'OFAC SDN' });
    const json = JSON.stringify(msg);
    expect(json).not.toMatch(/<!channel>|<@U123>|<#C999|<https:\/\/evil/);
    expect(json).toContain('&lt;!channel&gt; Shipping LLC');
    expect(json).toContain('&lt;@U123&gt; &amp; &lt;#C999|general&gt; Bank');
    expect(json).toContain('Smith &amp; Sons &lt;Ltd&gt;');
    // The only Slack links are the renderer's own, to the publication.
    const links = [...json.matchAll(/<(https?:[^|>]+)\|/g)].map((m) => m[1]);
    expect(new Set(links)).toEqual(new Set([LINKS.publicationUrl]));
  });

  it('given a notice with a javascript: link and hostile title, when rendered, then the link is dropped and the title escaped', () => {
    const feed = feedBatch([
      notice({ id: 'n', title: CORPUS.img, link: 'javascript:alert(1)', names: [CORPUS.slackChannel] }),
    ]);
    const a = matchBatch([subscription('s', { kinds: ['notice'] })], feed)[0]!;
    const e = renderEmail({ alert: a, batch: feed, sourceTitle: 'Feed', links: LINKS });
    expect(e.html).not.toMatch(/javascript:|<img/);
    const s = JSON.stringify(
      renderSlack(a, feed, { publicationUrl: LINKS.publicationUrl, sourceTitle: 'Feed' }),
    );
    expect(s).not.toMatch(/javascript:|<!channel>/);
  });

  it('given hostile names, when webhook payloads are rendered, then the data is carried verbatim as JSON strings', () => {
    const [page] = renderWebhookPages(alert, batch, { eventId: 'evt' });
    const parsed = JSON.parse(JSON.stringify(page));
    expect(parsed.changes.map((c: { name: string }) => c.name)).toEqual(
      expect.arrayContaining([CORPUS.script, CORPUS.crlf, CORPUS.slackChannel]),
    );
  });
});
