/**
 * The one validation of subscription filters shared by the CLI and the HTTP API: both list forms,
 * unknown values refused with the valid ones listed, unknown regimes warned about with the closest
 * known ones, filters that can never match refused, default kinds, identical filters detected, and
 * URL targets checked as the delivery SSRF guard would.
 */
import { describe, expect, it } from 'vitest';
import { SECTORS } from '../../functions/core/changes';
import { FEED_SOURCES } from '../../functions/feeds/index';
import { LIST_SOURCES } from '../../functions/sources/index';
import { filterVocabulary } from '../../functions/subscriptions/filter-vocabulary';
import {
  checkFilters,
  checkTarget,
  closestRegimes,
  DEFAULT_KINDS,
  effectiveKinds,
  filtersKey,
  normaliseFilterInput,
  splitList,
  validateNewSubscription,
} from '../../functions/subscriptions/subscription';

const vocabulary = filterVocabulary();
const validate = (filters: unknown, channel = 'email', target = 'a@example.com') =>
  validateNewSubscription({ channel, target, filters }, { allowPrivateTargets: false, vocabulary });

describe('list-valued filters', () => {
  it('given "A,B", ["A,B"] or ["A", "B"], when split, then they are the same list', () => {
    expect(splitList('DHOU EL-AICH,Al-Qaida')).toEqual(['DHOU EL-AICH', 'Al-Qaida']);
    expect(splitList(['DHOU EL-AICH,Al-Qaida'])).toEqual(['DHOU EL-AICH', 'Al-Qaida']);
    expect(splitList(['DHOU EL-AICH', ' Al-Qaida ', 'DHOU EL-AICH', ''])).toEqual([
      'DHOU EL-AICH',
      'Al-Qaida',
    ]);
  });

  it('given every list filter in the comma form, when validated, then each holds separate values', () => {
    const r = validate({
      sources: 'un-sc-consolidated,us-ofac-sdn',
      sectors: ['oil,gas'],
      kinds: 'added,notice',
      entityTypes: ['individual', 'vessel'],
      regimes: 'Al-Qaida,RUSSIA-EO14024',
      countries: 'Iran,Russia',
      watch: ['A,B'],
    });
    expect(r.ok && r.value.filters).toEqual({
      sources: ['un-sc-consolidated', 'us-ofac-sdn'],
      sectors: ['oil', 'gas'],
      kinds: ['added', 'notice'],
      entityTypes: ['individual', 'vessel'],
      regimes: ['Al-Qaida', 'RUSSIA-EO14024'],
      countries: ['Iran', 'Russia'],
      watch: ['A', 'B'],
    });
    expect(normaliseFilterInput({ watch: 3 })).toEqual({ watch: 3 });
  });
});

describe('unknown values', () => {
  it('given an unknown sector, kind, entity type or source, when validated, then one line names it and lists the valid values', () => {
    const cases: [Record<string, unknown>, string, readonly string[]][] = [
      [{ sectors: ['foo'] }, 'sectors', SECTORS],
      [{ kinds: ['deleted'] }, 'kinds', ['added', 'removed', 'amended', 'notice']],
      [{ entityTypes: ['company'] }, 'entityTypes', ['individual', 'entity', 'vessel', 'aircraft']],
      [{ sources: ['us-ofac'] }, 'sources', [...Object.keys(LIST_SOURCES), ...Object.keys(FEED_SOURCES)]],
    ];
    for (const [filters, key, valid] of cases) {
      const r = validate(filters);
      expect(r.ok, key).toBe(false);
      const issues = r.ok ? [] : r.issues;
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatch(
        new RegExp(`^filters\\.${key}(\\.0)?: unknown .*"${Object.values(filters)[0]}"`),
      );
      for (const v of valid) expect(issues[0]).toContain(v);
      expect(issues[0]).not.toContain('\n');
    }
  });

  it('given an unknown regime, when validated, then it is accepted with a warning naming the closest known regimes', () => {
    const r = validate({ regimes: ['RUSSIA-EO14204', 'Al-Qaida'] });
    expect(r.ok).toBe(true);
    expect(r.ok && r.value.filters.regimes).toEqual(['RUSSIA-EO14204', 'Al-Qaida']);
    const warnings = r.ok ? r.warnings : [];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^filters\.regimes: "RUSSIA-EO14204" is not a regime/);
    expect(warnings[0]).toContain('RUSSIA-EO14024');
    expect(closestRegimes('Rusia', vocabulary.regimes)).toContain('Russia');
    expect(closestRegimes('russia-eo1402', vocabulary.regimes)[0]).toBe('RUSSIA-EO14024');
    expect(closestRegimes('Al Qaida', vocabulary.regimes)[0]).toBe('Al-Qaida');
  });

  it('given regimes from each registry, when checked, then none is warned about (case-insensitive)', () => {
    const known = ['Al-Qaida', 'ukr', 'Russia', 'SDGT', 'Iran (Nuclear)', 'TERR'];
    expect(checkFilters({ regimes: known }, vocabulary)).toEqual({ errors: [], warnings: [] });
  });
});

describe('filters that can never match', () => {
  it('given only a notice feed and kinds without notice, when validated, then it is refused saying why', () => {
    const r = validate({ sources: ['us-ofac-recent-actions'], kinds: ['added'] });
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.issues.join()).toMatch(
      /can never match: us-ofac-recent-actions publishes only notices/,
    );
  });

  it('given a minimum strength, when validated, then it is kept with sectors, refused without them or when unknown', () => {
    const r = validate({ sectors: 'defence', minStrength: 'record' });
    expect(r.ok && r.value.filters).toEqual({ sectors: ['defence'], minStrength: 'record' });
    const alone = validate({ minStrength: 'stated' });
    expect(alone.ok ? '' : alone.issues.join()).toMatch(
      /minStrength: a minimum strength applies to the sectors filter/,
    );
    const unknown = validate({ sectors: 'oil', minStrength: 'strong' });
    expect(unknown.ok ? '' : unknown.issues.join()).toMatch(
      /unknown strength "strong"; valid: stated, record, name, related, cross-list/,
    );
  });

  it('given only lists and kinds notice alone, when validated, then it is refused', () => {
    const r = validate({ sources: ['un-sc-consolidated'], kinds: ['notice'] });
    expect(r.ok ? '' : r.issues.join()).toMatch(
      /can never match: un-sc-consolidated publishes list changes only/,
    );
  });

  it('given a feed with default kinds, or a feed and a list with kinds added, when validated, then they are accepted', () => {
    expect(validate({ sources: ['us-ofac-recent-actions'] }).ok).toBe(true);
    expect(validate({ sources: ['us-ofac-recent-actions', 'us-ofac-sdn'], kinds: ['added'] }).ok).toBe(true);
    expect(validate({ kinds: ['notice'] }).ok).toBe(true);
  });
});

describe('default kinds', () => {
  it('given no kinds (absent or empty), when the kinds are asked for, then they include notice; given kinds, they are kept', () => {
    expect(DEFAULT_KINDS).toEqual(['added', 'removed', 'amended', 'notice']);
    expect(effectiveKinds({})).toEqual(DEFAULT_KINDS);
    expect(effectiveKinds({ kinds: [] })).toEqual(DEFAULT_KINDS);
    expect(effectiveKinds({ kinds: ['added'] })).toEqual(['added']);
  });
});

describe('filtersKey', () => {
  it('given the same filters written differently, when keyed, then the keys are equal; other filters differ', () => {
    expect(filtersKey({})).toBe(filtersKey({ kinds: ['notice', 'amended', 'removed', 'added'] }));
    expect(filtersKey({ sectors: ['oil', 'gas'], regimes: ['sdgt'] })).toBe(
      filtersKey({ sectors: ['gas', 'oil'], regimes: ['SDGT'] }),
    );
    expect(filtersKey({ watch: ['Côte'] })).toBe(filtersKey({ watch: ['cote'] }));
    expect(filtersKey({ sectors: ['oil'] })).not.toBe(filtersKey({ sectors: ['gas'] }));
    expect(filtersKey({})).not.toBe(filtersKey({ kinds: ['added'] }));
    expect(filtersKey({})).not.toBe(filtersKey({ includeCosmetic: true }));
  });
});

describe('checkTarget (the SSRF guard, when a target is added)', () => {
  const lookup = (answers: Record<string, string[]>) => async (host: string) => {
    const a = answers[host];
    if (!a) throw new Error(`getaddrinfo ENOTFOUND ${host}`);
    return a;
  };

  it('given a metadata address, literal or resolved, when checked, then it is refused even with private targets allowed', async () => {
    for (const allowPrivate of [false, true]) {
      const literal = await checkTarget('webhook', 'http://169.254.169.254/latest', { allowPrivate });
      expect(literal).toEqual({
        ok: false,
        reason: expect.stringMatching(/metadata address: refused always/),
      });
      const named = await checkTarget('webhook', 'https://meta.example/x', {
        allowPrivate,
        lookup: lookup({ 'meta.example': ['169.254.169.254'] }),
      });
      expect(named.ok).toBe(false);
      expect(await checkTarget('webhook', 'http://[fd00:ec2::254]/', { allowPrivate })).toMatchObject({
        ok: false,
      });
    }
  });

  it('given private, loopback or link-local targets, when checked, then they are refused unless private targets are allowed', async () => {
    const targets = [
      'http://10.0.0.5/hook',
      'http://127.0.0.1:8080/hook',
      'http://localhost/hook',
      'http://[::1]/hook',
      'http://169.254.10.1/hook',
      'http://192.168.1.1/hook',
      'https://internal.example/hook',
    ];
    const resolve = lookup({ 'internal.example': ['93.184.216.34', '10.1.2.3'] });
    for (const t of targets) {
      const refused = await checkTarget('webhook', t, { allowPrivate: false, lookup: resolve });
      expect(refused.ok, t).toBe(false);
      expect(refused.ok ? '' : refused.reason).toMatch(/address: refused/);
      expect((await checkTarget('webhook', t, { allowPrivate: true, lookup: resolve })).ok, t).toBe(true);
    }
  });

  it('given a public target, an email, or a host that does not resolve now, when checked, then it is accepted (the last with a warning)', async () => {
    const resolve = lookup({ 'hooks.bank.example': ['93.184.216.34'] });
    expect(
      await checkTarget('webhook', 'https://hooks.bank.example/x', { allowPrivate: false, lookup: resolve }),
    ).toEqual({
      ok: true,
    });
    expect(await checkTarget('email', 'a@example.com', { allowPrivate: false })).toEqual({ ok: true });
    const unresolved = await checkTarget('slack', 'https://hooks.slack.com/services/T/B/X', {
      allowPrivate: false,
      lookup: resolve,
    });
    expect(unresolved).toEqual({ ok: true, warning: expect.stringMatching(/does not resolve now/) });
  });
});
