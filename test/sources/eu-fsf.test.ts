import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { definition, parse } from '../../functions/sources/eu-fsf';
import { HAVE_REALDATA, REALDATA_SKIP_MESSAGE, readReal } from '../support/realdata';
import { sourceError } from '../support/source-error';

const FIXTURES = join(import.meta.dirname, '../fixtures/eu-fsf');
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));
const parseFixture = (name: string) => parse(fixture(name), { enforceBounds: false });

describe('eu-fsf: hand-made fixtures', () => {
  const pub = parseFixture('sanctions.xml');
  const person = pub.entries.find((e) => e.id === '9001');
  const bank = pub.entries.find((e) => e.id === '9002');

  it('reads the publication date and merges the two <sanctionEntity> of one logicalId', () => {
    expect(pub.meta).toMatchObject({
      source: 'eu-fsf',
      published: '2024-05-06T10:00:00.000+02:00',
      records: 2,
    });
    expect(person?.regimes).toEqual(['RUS', 'UKR']);
    expect(person?.attributes.regulation).toHaveLength(2);
  });

  it('maps a person: names, partial birth dates, citizenship, passport', () => {
    expect(person).toMatchObject({
      entityType: 'individual',
      name: 'Ivan Examplov',
      aliases: [{ name: 'Vanya Examplov', type: 'aka', quality: 'low' }],
      nonLatinNames: [{ name: 'Иван Экзамплов', language: 'RU' }],
      birthDates: ['1960 to 1962', '1970-08', '1970-08-12', 'circa 1994'],
      birthPlaces: ['Exampleburg, RUSSIAN FEDERATION'],
      nationalities: ['RUSSIAN FEDERATION'],
      positions: ['Director of Example Oil'],
      titles: ['General'],
      gender: 'Male',
      listedOn: '2014-07-30',
      measures: ['asset freeze'],
      remarks: 'Example remark about the person.',
      identifiers: [
        {
          type: 'passport',
          value: '751234567',
          label: 'National passport',
          country: 'RUSSIAN FEDERATION',
          note: 'known expired',
        },
      ],
    });
    expect(person?.attributes).toMatchObject({
      entityKind: ['person'],
      listReference: ['EU.9001.01'],
      designationDetails: ['Date of listing: 30.7.2014'],
    });
  });

  it('maps an enterprise: address, contact details, SWIFT/BIC and registration number', () => {
    expect(bank).toMatchObject({
      entityType: 'entity',
      name: 'Example Shipping Bank',
      aliases: [{ name: 'Banque Exemple', type: 'aka', quality: 'strong' }],
      regimes: ['IRN'],
      addresses: [
        {
          lines: ['1 Example Avenue', 'PO Box 15875'],
          city: 'Tehran',
          country: 'IRAN (ISLAMIC REPUBLIC OF)',
          note: 'Head office; as at listing time',
        },
      ],
    });
    expect(bank?.attributes.entityKind).toEqual(['enterprise']);
    expect(bank?.identifiers.map((i) => [i.type, i.value]).sort()).toEqual([
      ['email', 'info@example.test'],
      ['phone', '+98 21 0000 0000'],
      ['registration', '10101234'],
      ['swift-bic', 'EXBKIRTH'],
      ['website', 'www.example.test'],
    ]);
  });

  it('keeps an unknown attribute or element as unmapped, refuses an unknown subject type', () => {
    const attr = parseFixture('unknown-attribute.xml');
    expect(
      attr.entries.find((e) => e.id === '9002')!.attributes['unmapped.sanctionEntity/@riskScore'],
    ).toEqual(['high']);
    const el = parseFixture('unknown-element.xml');
    expect(el.meta.unmapped?.['sanctionEntity/favouriteColour']).toMatchObject({ count: 1, record: '9001' });
    const subject = sourceError(() => parseFixture('unknown-subject-type.xml'));
    expect(subject.message).toContain('unknown subjectType code="vessel"');
  });

  it('refuses a wrong root, truncated XML, an HTML page and an empty file', () => {
    expect(sourceError(() => parseFixture('wrong-root.xml')).message).toContain(
      'the root element is <CONSOLIDATED_LIST>',
    );
    expect(sourceError(() => parseFixture('truncated.xml')).message).toMatch(
      /^eu-fsf: the file is truncated or malformed XML: the document ends inside/,
    );
    expect(sourceError(() => parseFixture('html-page.xml')).message).toContain('HTML page');
    expect(sourceError(() => parse(new Uint8Array(0))).message).toContain('empty');
  });

  it('enforces the record-count bounds', () => {
    const err = sourceError(() => parse(fixture('sanctions.xml')));
    expect(err.message).toContain(`outside the expected bounds ${definition.recordBounds.min}`);
  });
});

describe.skipIf(!HAVE_REALDATA)(
  `eu-fsf: real publications ${HAVE_REALDATA ? '' : REALDATA_SKIP_MESSAGE}`,
  () => {
    it('parses the well-formed prefix (1,044 <sanctionEntity>, 1,024 logicalIds) within bounds', {
      timeout: 60_000,
    }, () => {
      const pub = parse(readReal('eu-fsf-xml', 'sanctions.REPAIRED_PREFIX.xml'));
      expect(pub.meta.published).toBe('2022-03-18T14:52:26.947+01:00');
      expect(pub.meta.records).toBe(1024);
      // 328 enterprises; the 20 logicalIds written twice (one element per programme) are all persons.
      expect(pub.entries.filter((e) => e.entityType === 'entity')).toHaveLength(328);
      expect(pub.entries.filter((e) => e.entityType === 'individual')).toHaveLength(696);
      for (const e of pub.entries) {
        expect(e.name).not.toBe('');
        expect(e.regimes.length).toBeGreaterThan(0);
      }
    });

    it('rejects the truncated real download, saying it is truncated', { timeout: 60_000 }, () => {
      const err = sourceError(() => parse(readReal('eu-fsf-xml', 'sanctions.TRUNCATED.xml')));
      expect(err.source).toBe('eu-fsf');
      expect(err.message).toMatch(
        /^eu-fsf: the file is truncated or malformed XML: the document ends inside <export/,
      );
    });
  },
);
