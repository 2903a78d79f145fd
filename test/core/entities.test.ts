import { describe, expect, it } from 'vitest';
import { type StrongIdKind, strongIdentifiers, strongIdKey } from '../../functions/core/entities/identifiers';
import { type AlsoListed, EntityIndex } from '../../functions/core/entities/index';
import { nameKey, nameTokens, normalizeName, unicodeNameTokens } from '../../functions/core/entities/names';
import { recordOf } from '../../functions/core/entities/record';
import {
  type Designation,
  type EntityType,
  emptyDesignation,
  type Identifier,
} from '../../functions/core/model';
import { HAVE_REALDATA, readReal } from '../support/realdata';

function entry(
  source: string,
  id: string,
  type: EntityType,
  name: string,
  more: Partial<Designation> = {},
): Designation {
  return { ...emptyDesignation(source, id, type, name), ...more };
}

const ident = (type: Identifier['type'], value: string, label: string, country?: string): Identifier => ({
  type,
  value,
  label,
  ...(country ? { country } : {}),
});

function indexOf(...ds: Designation[]): EntityIndex {
  return new EntityIndex(ds.map(recordOf));
}

/** Every identifier match must name an identifier both entries hold. */
function expectSharedIdentifier(index: EntityIndex, d: Designation, matches: AlsoListed[]): void {
  const mine = new Set(strongIdentifiers(d).map(strongIdKey));
  for (const m of matches) {
    if (m.match.by !== 'identifier') continue;
    const theirs = index.get(m.source, m.id)!.ids.map(strongIdKey);
    expect(theirs.filter((k) => mine.has(k)).length).toBeGreaterThan(0);
  }
}

describe('name normalisation', () => {
  it('drops legal forms, case, punctuation and diacritics, and transliterates Cyrillic', () => {
    const forms = [
      'AO Vertolety Rossii',
      'VERTOLETY ROSSII, JSC',
      'JOINT STOCK COMPANY VERTOLETY ROSSII',
      'Акционерное общество «Вертолеты России»',
      'ВЕРТОЛЁТЫ РОССИИ АО',
    ];
    const keys = forms.map((f) => nameKey(f, false));
    expect(new Set(keys).size).toBe(1);
    expect(normalizeName('Société Générale S.A.')).toEqual(['societe', 'generale']);
    expect(nameKey('ООО Ромашка', false)).toBe(nameKey('Romashka LLC', false));
  });

  it('does not link on a name too short to tell anyone apart', () => {
    expect(nameKey('OOO AB', false)).toBeUndefined();
    expect(nameKey('Ivan', true)).toBeUndefined();
    expect(nameKey('Ivan IVANOV', true)).toBe(nameKey('IVANOV, Ivan', true));
  });
});

describe('strong identifiers', () => {
  const cases: { kind: StrongIdKind; a: Designation; b: Designation; field: string; value: string }[] = [
    {
      kind: 'regtax',
      a: entry('gb-ofsi-conlist', '15000', 'entity', 'JSC ALPHA PLANT', {
        identifiers: [
          ident(
            'registration',
            '(1) OGRN: 1077746003334 (2) INN: 7743141413 KPP: 770301001',
            'Business Reg No',
          ),
        ],
      }),
      b: entry('us-ofac-sdn', '18820', 'entity', 'ALPHA ZAVOD AO', {
        identifiers: [ident('registration', '1077746003334', 'Registration Number', 'Russia')],
      }),
      field: 'registration number (OGRN)',
      value: '1077746003334',
    },
    {
      kind: 'regtax',
      a: entry('gb-ofsi-conlist', '15001', 'entity', 'BETA LLC', {
        identifiers: [ident('registration', 'Tax Identification Number: INN 7706001520', 'Business Reg No')],
      }),
      b: entry('us-ofac-sdn', '20001', 'entity', 'OOO BETA TRADE', {
        identifiers: [ident('tax', '7706001520', 'Tax ID No.', 'Russia')],
      }),
      field: 'tax number (INN)',
      value: '7706001520',
    },
    {
      kind: 'imo',
      a: entry('gb-fcdo-sanctions', 'RUS1', 'vessel', 'SEA STAR', {
        identifiers: [ident('imo', '9486910', 'IMO number')],
      }),
      b: entry('us-ofac-sdn', '30001', 'vessel', 'OCEAN PRIDE', {
        identifiers: [ident('imo', '9486910', 'Vessel Registration Identification')],
      }),
      field: 'IMO number',
      value: '9486910',
    },
    {
      kind: 'swift-bic',
      a: entry('gb-ofsi-conlist', '15002', 'entity', 'GAMMA BANK', {
        identifiers: [ident('swift-bic', 'GAMMRUMMXXX', 'SWIFT/BIC')],
      }),
      b: entry('eu-fsf', '7001', 'entity', 'BANK GAMMA PJSC', {
        identifiers: [ident('swift-bic', 'GAMMRUMM', 'SWIFT/BIC')],
      }),
      field: 'SWIFT/BIC',
      value: 'GAMMRUMM',
    },
    {
      kind: 'passport',
      a: entry('us-ofac-sdn', '40001', 'individual', 'PETROV, Pyotr', {
        identifiers: [ident('passport', '75 1234567', 'Passport', 'Russia')],
      }),
      b: entry('eu-fsf', '7002', 'individual', 'Petr PETROFF', {
        identifiers: [ident('passport', '751234567', 'passport', 'Russian Federation')],
      }),
      field: 'passport',
      value: '751234567',
    },
    {
      kind: 'national-id',
      a: entry('un-sc-consolidated', '110001', 'individual', 'ALI HASSAN', {
        identifiers: [ident('national-id', '216040-11', 'National Identification Number')],
      }),
      b: entry('us-ofac-sdn', '40002', 'individual', 'HASAN, Ali', {
        identifiers: [ident('national-id', '21604011', 'National ID No.', 'Yemen')],
      }),
      field: 'national id',
      value: '21604011',
    },
    {
      kind: 'crypto',
      a: entry('us-ofac-sdn', '40003', 'entity', 'DELTA EXCHANGE', {
        identifiers: [
          ident(
            'digital-currency',
            '0x08723392Ed15743cc38513C4925f5e6be5c17243',
            'Digital Currency Address - ETH',
          ),
        ],
      }),
      b: entry('gb-fcdo-sanctions', 'CYB9', 'entity', 'DLT EXCH', {
        identifiers: [
          ident('digital-currency', '0x08723392ed15743cc38513c4925f5e6be5c17243', 'Crypto wallet address'),
        ],
      }),
      field: 'digital currency address',
      value: '0x08723392ed15743cc38513c4925f5e6be5c17243',
    },
    {
      kind: 'un-ref',
      a: entry('gb-ofsi-conlist', '6900', 'entity', 'EPSILON TRADING', {
        identifiers: [ident('other', 'KPe.029', 'UN Ref')],
      }),
      b: entry('un-sc-consolidated', '110002', 'entity', 'KOREA EPSILON CORPORATION', {
        attributes: { listReference: ['KPe.029'] },
      }),
      field: 'UN reference',
      value: 'KPE029',
    },
  ];

  for (const c of cases) {
    it(`links two lists on a shared ${c.kind} and says which`, () => {
      const index = indexOf(c.a, c.b);
      const matches = index.matchesOf(recordOf(c.a));
      expect(matches).toEqual([
        expect.objectContaining({
          source: c.b.source,
          id: c.b.id,
          match: expect.objectContaining({ by: 'identifier', value: c.value }),
        }),
      ]);
      expectSharedIdentifier(index, c.a, matches);
      const back = index.matchesOf(recordOf(c.b));
      expect(back.map((m) => m.id)).toEqual([c.a.id]);
    });
  }

  it('names the field of the side asked about', () => {
    const c = cases[0]!;
    expect(indexOf(c.a, c.b).matchesOf(recordOf(c.a))[0]!.match).toEqual({
      by: 'identifier',
      field: 'registration number (OGRN)',
      value: '1077746003334',
    });
  });

  it('never keys a KPP code, a short number or a weak passport', () => {
    const d = entry('gb-ofsi-conlist', '1', 'entity', 'X', {
      identifiers: [
        ident('registration', 'INN 7704734000/770301001; KPP - 772201001', 'Business Reg No'),
        ident('registration', '2377', 'License'),
      ],
    });
    expect(strongIdentifiers(d).map((i) => i.value)).toEqual(['7704734000']);
    const p = entry('gb-ofsi-conlist', '2', 'individual', 'Y', {
      identifiers: [ident('passport', '6487', 'Passport')],
    });
    expect(strongIdentifiers(p)).toEqual([]);
  });

  it('does not link a passport number issued by two different countries', () => {
    const a = entry('us-ofac-sdn', '1', 'individual', 'A B', {
      identifiers: [ident('passport', 'N1234567', 'Passport', 'Iran')],
    });
    const b = entry('eu-fsf', '2', 'individual', 'C D', {
      identifiers: [ident('passport', 'N1234567', 'passport', 'Syria')],
    });
    expect(indexOf(a, b).matchesOf(recordOf(a))).toEqual([]);
  });

  it('does not link an IMO company number to a vessel', () => {
    const owner = entry('us-ofac-sdn', '1', 'entity', 'SHIPCO', {
      identifiers: [ident('imo', '5342883', 'Company Number')],
    });
    const ship = entry('gb-fcdo-sanctions', 'S1', 'vessel', 'SHIP', {
      identifiers: [ident('imo', '5342883', 'IMO number')],
    });
    expect(indexOf(owner, ship).matchesOf(recordOf(owner))).toEqual([]);
  });
});

describe('name matches', () => {
  const ivanov = (source: string, id: string, dob: string[], nat: string[] = []) =>
    entry(
      source,
      id,
      'individual',
      source.startsWith('us') ? 'IVANOV, Ivan Ivanovich' : 'Ivan Ivanovich IVANOV',
      {
        birthDates: dob,
        nationalities: nat,
      },
    );

  it('corroborates an individual by date of birth, and says so', () => {
    const a = ivanov('us-ofac-sdn', '1', ['1970-08-12']);
    const b = ivanov('gb-fcdo-sanctions', 'RUS1', ['1970-08-12'], ['Russia']);
    const [m] = indexOf(a, b).matchesOf(recordOf(a));
    expect(m!.match).toEqual({
      by: 'name',
      score: 0.9,
      corroboration: ['date of birth 1970-08-12'],
      label: 'name-corroborated',
    });
  });

  it('same name, different date of birth: no match', () => {
    const a = ivanov('us-ofac-sdn', '1', ['1970-08-12']);
    const b = ivanov('gb-fcdo-sanctions', 'RUS1', ['1981-02-03']);
    expect(indexOf(a, b).matchesOf(recordOf(a))).toEqual([]);
  });

  it('same entity name, different country: no match; no country at all: name-only, never an identifier match', () => {
    const a = entry('us-ofac-sdn', '1', 'entity', 'OMEGA TRADING LLC', { countries: ['Russia'] });
    const b = entry('eu-fsf', '2', 'entity', 'Omega Trading', {
      addresses: [{ lines: [], country: 'Iran' }],
    });
    expect(indexOf(a, b).matchesOf(recordOf(a))).toEqual([]);
    const c = entry('un-sc-consolidated', '3', 'entity', 'OMEGA TRADING');
    const [m] = indexOf(a, c).matchesOf(recordOf(a));
    expect(m!.match).toEqual({ by: 'name', score: 1, corroboration: [], label: 'name-only' });
  });

  it('matches a Cyrillic name on one list with its transliteration on another', () => {
    const a = entry('gb-fcdo-sanctions', 'RUS2', 'entity', 'JSC KRONSHTADT', {
      nonLatinNames: [{ name: 'АО Кронштадт', script: 'Cyrillic' }],
    });
    const b = entry('us-ofac-sdn', '2', 'entity', 'Кронштадт');
    expect(
      indexOf(a, b)
        .matchesOf(recordOf(b))
        .map((m) => m.id),
    ).toEqual(['RUS2']);
  });
});

describe('relationships and the index', () => {
  const rostec = entry('us-ofac-sdn', '100', 'entity', 'STATE CORPORATION ROSTEC');
  const vr = entry('us-ofac-sdn', '200', 'entity', 'VERTOLETY ROSSII AO', {
    links: [{ name: 'STATE CORPORATION ROSTEC', relation: 'Linked To' }],
  });
  const ulan = entry('us-ofac-sdn', '300', 'entity', 'JSC ULAN-UDE AVIATION PLANT', {
    links: [{ name: 'VERTOLETY ROSSII AO', relation: 'Linked To' }],
  });
  const holding = entry('gb-fcdo-sanctions', 'RUS9', 'entity', 'HOLDING X', {
    attributes: { subsidiaries: ['Sub Y LLC'] },
  });
  const sub = entry('gb-fcdo-sanctions', 'RUS10', 'entity', 'SUB Y', {});
  const ship = entry('gb-fcdo-sanctions', 'RUS11', 'vessel', 'TANKER Z', {
    attributes: { vesselOwner: ['SUB Y (Current owners)'] },
  });

  it('follows "Linked To" chains up, with the path', () => {
    const index = indexOf(rostec, vr, ulan);
    const related = index.related(recordOf(ulan), 2);
    expect(related.map((r) => [r.hops, r.other.id, r.path])).toEqual([
      [1, '200', 'JSC ULAN-UDE AVIATION PLANT → linked to VERTOLETY ROSSII AO'],
      [
        2,
        '100',
        'JSC ULAN-UDE AVIATION PLANT → linked to VERTOLETY ROSSII AO → linked to STATE CORPORATION ROSTEC',
      ],
    ]);
    expect(index.related(recordOf(ulan), 1).map((r) => r.other.id)).toEqual(['200']);
    expect(index.related(recordOf(rostec)).map((r) => [r.direction, r.other.id])).toEqual([['down', '200']]);
  });

  it('reads subsidiaries and ship owners', () => {
    const index = indexOf(holding, sub, ship);
    expect(index.related(recordOf(ship)).map((r) => r.path)).toEqual([
      'TANKER Z → owned by SUB Y',
      'TANKER Z → owned by SUB Y → subsidiary of HOLDING X',
    ]);
    expect(index.related(recordOf(holding)).map((r) => [r.kind, r.direction, r.other.id])).toEqual([
      ['subsidiary', 'down', 'RUS10'],
    ]);
  });

  it('an incremental update gives the same answers as a rebuild', () => {
    const index = indexOf(rostec, vr, holding, sub);
    index.apply('us-ofac-sdn', [recordOf(ulan)], ['200']);
    const rebuilt = indexOf(rostec, ulan, holding, sub);
    expect(index.size).toBe(rebuilt.size);
    expect(index.related(recordOf(ulan))).toEqual(rebuilt.related(recordOf(ulan)));
    expect(index.related(recordOf(ulan))).toEqual([]);
    index.apply('us-ofac-sdn', [recordOf(vr)], []);
    expect(index.related(recordOf(ulan)).map((r) => r.other.id)).toEqual(['200', '100']);
  });

  it('annotates: also listed, not listed by the other lists checked, related', () => {
    const uk = entry('gb-fcdo-sanctions', 'RUS20', 'entity', 'Vertolety Rossii JSC', {
      identifiers: [ident('registration', '1077746003334', 'Business Registration Number')],
    });
    const us = {
      ...vr,
      identifiers: [ident('registration', '1077746003334', 'Registration Number', 'Russia')],
    };
    const un = entry('un-sc-consolidated', '1', 'entity', 'SOMETHING ELSE');
    const index = indexOf(rostec, us, uk, un);
    const a = index.annotate(recordOf(uk));
    expect(a.alsoListed.map((x) => [x.source, x.id, x.match.by])).toEqual([
      ['us-ofac-sdn', '200', 'identifier'],
    ]);
    expect(a.notListedBy).toEqual(['un-sc-consolidated']);
  });
});

describe('name tokens: the ASCII path', () => {
  const same = (text: string) =>
    expect(nameTokens(text), JSON.stringify(text)).toEqual(unicodeNameTokens(text));

  it('gives the tokens of the general path for every ASCII character and mixes of them', () => {
    const all = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i));
    for (const c of all) {
      same(c);
      same(`AB${c}cd 12${c}X`);
      same(`${c}O'Brien-Smith, J.R. (a.k.a. "ACME" Ltd.)${c}`);
    }
    same(all.join(''));
    same('   ');
    same('');
  });

  it.skipIf(!HAVE_REALDATA)(
    'gives the tokens of the general path for every ASCII cell of a real list',
    () => {
      const text = readReal('uk-ofsi-conlist', 'ConList_2025-04-14.FROM_XLSX.csv').toString('utf8');
      let checked = 0;
      for (const cell of new Set(text.split(/[,\r\n]/))) {
        if (!/^[ -~]*$/.test(cell)) continue;
        same(cell);
        checked++;
      }
      expect(checked).toBeGreaterThan(10_000);
    },
    60_000,
  );

  it('keeps the general path for other text', () => {
    expect(nameTokens('АКЦИОНЕРНОЕ ОБЩЕСТВО Вертолёты')).toEqual([
      'aktsionernoe',
      'obshchestvo',
      'vertolety',
    ]);
    expect(nameTokens('Café Müller')).toEqual(['cafe', 'muller']);
  });
});

describe('name folding', () => {
  it('folds kh → h, then y/j → i, then doubled letters, as three replacements in that order would', () => {
    const regexFold = (t: string) =>
      t
        .replace(/kh/g, 'h')
        .replace(/[yj]/g, 'i')
        .replace(/(.)\1+/g, '$1');
    for (const t of [
      'kkh',
      'khh',
      'khkh',
      'yj',
      'iyj',
      'akhmed',
      'zakharov',
      'jjy',
      'hkh',
      'kkkhhh',
      'abba',
      'x',
    ]) {
      expect(normalizeName(`qq ${t}`), t).toEqual(['q', regexFold(t)]);
    }
  });
});
