/**
 * Feed item → `Notice`: the regimes/programs the publisher names, the names it lists, and the
 * sectors the same tagger as the lists finds, with its evidence. Pure.
 *
 * Sectors: the notice's text is read through `tagSectors` unchanged, by way of temporary
 * designations — one for the notice (title and summary as remarks: the name rules are not applied
 * to a title, where "Financial sanctions notice" would read as a finance company) and one per
 * listed name (the name, and the line that lists it as remarks, program tags removed, with the
 * entity type the line states). The evidence then points at the notice's own fields (`names`,
 * `summary`).
 */
import type { Evidence, Notice, Sector, SectorTag } from '../core/changes';
import { SECTORS, sectorTag } from '../core/changes';
import { type EntityType, emptyDesignation } from '../core/model';
import { tagSectors } from '../core/sectors';
import type { FeedItem, FeedNotice, FeedProfile, ListedName } from './types';

/** Longest summary kept on a notice (alerts quote it; the link has the rest). */
export const MAX_SUMMARY = 2000;

const SECTOR_ORDER = new Map<Sector, number>(SECTORS.map((s, i) => [s, i]));

/** The notice field a designation field stands for in the temporary designations. */
function noticeField(field: string): string {
  if (field === 'name' || field === 'aliases') return 'names';
  if (field === 'remarks' || field === 'reasons') return 'summary';
  return field;
}

/**
 * Sector tags of free text (pure, same rules as `tagSectors`): `title` and `text` read as remarks,
 * each listed name as a name with its line as remarks. Entity-type evidence (a listed vessel →
 * shipping) is kept only where the notice states the type.
 */
export function tagText(input: {
  title: string;
  text: string;
  names?: { name: string; line?: string; entityType?: EntityType }[];
}): SectorTag[] {
  const bySector = new Map<Sector, Evidence[]>();
  const add = (tags: SectorTag[], stated: boolean) => {
    for (const tag of tags) {
      const list = bySector.get(tag.sector) ?? [];
      for (const ev of tag.evidence) {
        if (ev.field === 'entityType' && !stated) continue;
        const mapped: Evidence = { ...ev, field: noticeField(ev.field) };
        if (!list.some((e) => e.field === mapped.field && e.text === mapped.text && e.rule === mapped.rule))
          list.push(mapped);
      }
      if (list.length) bySector.set(tag.sector, list);
    }
  };
  // The notice itself: an empty name (no name rule can match), title and text as remarks.
  const whole = emptyDesignation('notice', 'notice', 'entity', '');
  whole.remarks = [input.title, input.text].filter((t) => t !== '').join('\n');
  add(tagSectors(whole), false);
  for (const n of input.names ?? []) {
    const d = emptyDesignation('notice', n.name, n.entityType ?? 'entity', n.name);
    const line = n.line?.replace(/\s*\[[A-Z0-9-]+\]/g, '').trim();
    if (line && line !== n.name) d.remarks = line;
    add(tagSectors(d), n.entityType !== undefined);
  }
  return [...bySector.entries()]
    .sort(([a], [b]) => SECTOR_ORDER.get(a)! - SECTOR_ORDER.get(b)!)
    .map(([sector, evidence]) => sectorTag(sector, evidence));
}

/** The entity type a listing line states: OFAC's `(individual)`, `(vessel)`, `(aircraft)`, `IMO 1234567`. */
export function statedEntityType(line: string): EntityType | undefined {
  if (/\(individual\)/i.test(line)) return 'individual';
  if (/\(vessel\)|\bIMO\s*\d{7}\b|\bVessel Type\b/i.test(line)) return 'vessel';
  if (/\(aircraft\)|\bAircraft (?:Model|Manufacturer|Tail Number)\b/i.test(line)) return 'aircraft';
  if (/\(entity\)/i.test(line)) return 'entity';
  return undefined;
}

function unique<T>(values: T[], key: (v: T) => string = String): T[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = key(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function buildNotice(item: FeedItem, profile: FeedProfile): FeedNotice {
  const regimes = unique(profile.regimes(item));
  const listed = unique(profile.names(item), (n) => `${n.action}\u0000${n.name.toLowerCase()}`);
  const lines = item.summary.split('\n');
  const sectors = tagText({
    title: item.title,
    text: item.summary,
    names: listed.map((n) => {
      const line = lines.find((l) => l.includes(n.name));
      const type = line ? statedEntityType(line) : undefined;
      return { name: n.name, ...(line ? { line } : {}), ...(type ? { entityType: type } : {}) };
    }),
  });
  const summary =
    item.summary.length > MAX_SUMMARY ? `${item.summary.slice(0, MAX_SUMMARY - 1).trimEnd()}…` : item.summary;
  const notice: Notice = {
    id: item.id,
    title: item.title,
    link: item.link,
    published: item.published,
    regimes,
    names: unique(listed.map((n) => n.name)),
    sectors,
    ...(summary ? { summary } : {}),
  };
  return { notice, hash: item.hash, ...(item.updated ? { updated: item.updated } : {}), listed };
}

// ── name extraction helpers shared by the feed profiles ──────────────────────────────────────

/** Section headings that say what happens to the names below them. */
export function sectionAction(line: string): ListedName['action'] | undefined {
  const l = line.toLowerCase();
  if (!/(following|entries|entry|names?|individuals?|entities|persons?|vessels?|designations?)/.test(l))
    return undefined;
  if (/\b(remov|delet|delist|de-list|revok|no longer)/.test(l)) return 'removed';
  if (/\b(updat|amend|chang|correct|vari)/.test(l)) return 'amended';
  if (/\b(add|design|list|impos|new)/.test(l)) return 'added';
  return undefined;
}

/**
 * Names after a colon in sentences such as "The following entries have been added …: A; B; C." or
 * "… designated: A, B and C." (`;`-separated when there are semicolons, else `,`/`and`).
 */
export function colonListedNames(text: string): ListedName[] {
  const out: ListedName[] = [];
  const re =
    /([^.:\n]{0,160}?\b(?:added|designated|designating|listed|listing|delisted|removed|amended|updated)\b[^.:\n]{0,120}):\s*([^\n]+?)(?:\.(?=\s|$)|\n|$)/gi;
  for (const m of text.matchAll(re)) {
    const lead = m[1]!;
    const action = sectionAction(`${lead} entries`) ?? 'added';
    const list = m[2]!.trim();
    const parts = list.includes(';') ? list.split(';') : list.split(/,\s*|\s+and\s+/);
    for (const p of parts) {
      const name = p
        .replace(/^\s*(?:and\s+)/i, '')
        .replace(/^[‘'"“]|[’'"”]$/g, '')
        .trim();
      if (name.length >= 3 && /\p{L}/u.test(name)) out.push({ name, action });
    }
  }
  return out;
}

/**
 * Tokens written in capitals that are never a listed name: publisher and list acronyms, legal
 * references, programme acronyms and words of headings. A run of capitals made only of these is
 * dropped, and they are trimmed from either end of a run (`OFAC` in `OFAC SOVCOMFLOT`).
 */
const CAPITALS_NOISE = new Set([
  'OFAC',
  'U.S.',
  'US',
  'USA',
  'U.S.C.',
  'UN',
  'UNSC',
  'EU',
  'UK',
  'HMT',
  'OFSI',
  'FCDO',
  'TREASURY',
  'SDN',
  'SDNS',
  'SSI',
  'FSE',
  'NS-MBS',
  'CAPTA',
  'EO',
  'E.O.',
  'CFR',
  'C.F.R.',
  'IEEPA',
  'FAQ',
  'FAQS',
  'GL',
  'GLS',
  'NOTE',
  'DOB',
  'POB',
  'AKA',
  'A.K.A.',
  'F.K.A.',
  'IMO',
  'MMSI',
  'ID',
  'ADDITIONAL',
  'INFORMATION',
  'IMPORTANT',
  'NOTICE',
  'UPDATE',
  'UPDATES',
  'DESIGNATIONS',
  'DESIGNATION',
  'SANCTIONS',
  'GENERAL',
  'LICENSE',
  'LICENSES',
  'PRESS',
  'RELEASE',
  'RELATED',
  'LIST',
  'THE',
  'AND',
  'OF',
  'DPRK',
  'IRGC',
  'CAATSA',
  'GLOMAG',
  'NPWMD',
  'SDGT',
  'SDNT',
  'SDNTK',
  'FTO',
  'TCO',
  'ISIS',
  'ISIL',
  'WMD',
  'CEO',
  'CFO',
]);

/** Legal forms that may follow a name after a comma (`SHANGHAI TRADING CO., LTD.`). */
const LEGAL_FORM =
  /^(?:LTD\.?|LIMITED|INC\.?|LLC|L\.L\.C\.|CO\.?|CORP\.?|S\.A\.|PAO|OAO|AO|OOO|JSC|GMBH|AG|PLC|FZE|FZCO|DMCC)$/;

/** One token of a name in capitals: capitals (any script), digits, `& . ' - /`, not part of a longer mixed-case word. */
const CAPS_TOKEN = /^[\p{Lu}\p{N}][\p{Lu}\p{N}&.'’/-]*$/u;
const hasCapitals = (t: string) => /\p{Lu}/u.test(t);

/**
 * Names written in capitals in prose (`OFAC designated NORD STREAM 2 AG and its chief executive,
 * MATTHIAS WARNIG.`): runs of capitalised tokens (numbers allowed after the first token; a legal
 * form such as `LTD.` may follow a comma), bracketed program tags removed first, acronyms and heading
 * words dropped or trimmed from the ends (`CAPITALS_NOISE`), runs made only of `heading` tokens
 * (regime names, `…-RELATED`: a title repeated in capitals) dropped, at least four letters in all. Each
 * name's action comes from the last verb before it in its sentence (`designated`, `removed`,
 * `updated`), else `fallback`.
 */
export function capitalisedNames(
  text: string,
  fallback: ListedName['action'],
  /** Tokens that make no name on their own, e.g. regime names (`BELARUS`, `RUSSIA-RELATED`): a run made only of them is dropped. */
  heading: (token: string) => boolean = () => false,
): ListedName[] {
  const out: ListedName[] = [];
  const clean = text.replace(/\[[A-Z0-9][A-Z0-9 -]{1,30}\]/g, ' ');
  for (const sentence of clean.split(/(?<=[.;:!?])\s+|\n/)) {
    const words = sentence.split(/\s+/).filter((w) => w !== '');
    let run: { token: string; joiner: string }[] = [];
    let start = 0;
    let comma = false;
    const flush = () => {
      while (run.length && CAPITALS_NOISE.has(run[0]!.token)) run.shift();
      while (run.length && CAPITALS_NOISE.has(run.at(-1)!.token) && !LEGAL_FORM.test(run.at(-1)!.token))
        run.pop();
      if (run[0]) run[0].joiner = '';
      const name = run.map((r) => `${r.joiner}${r.token}`).join('');
      const letters = name.replace(/[^\p{L}]/gu, '').length;
      if (
        letters >= 4 &&
        !run.every((r) => CAPITALS_NOISE.has(r.token) || LEGAL_FORM.test(r.token) || heading(r.token))
      ) {
        out.push({ name, action: sectionVerb(words.slice(0, start).join(' ')) ?? fallback });
      }
      run = [];
    };
    words.forEach((raw, i) => {
      // A parenthesis ends a name (`FORTUNA (IMO 9128253)`); what it holds is read on its own.
      if (raw.startsWith('(')) {
        flush();
        comma = false;
      }
      let word = raw.replace(/^[("“‘'«]+/, '').replace(/[)"”’'»:;!?]+$/, '');
      const endsWithComma = word.endsWith(',');
      if (endsWithComma) word = word.slice(0, -1);
      // A full stop ends the sentence unless it belongs to the token (`LTD.`, `U.S.`).
      if (word.endsWith('.') && !LEGAL_FORM.test(word) && !/\..*\./.test(word)) word = word.slice(0, -1);
      const caps = CAPS_TOKEN.test(word) && (hasCapitals(word) || run.length > 0);
      const continues = run.length > 0 && (!comma || LEGAL_FORM.test(word));
      if (caps && continues) {
        run.push({ token: word, joiner: comma ? ', ' : ' ' });
      } else {
        flush();
        if (caps && hasCapitals(word)) {
          start = i;
          run.push({ token: word, joiner: '' });
        }
      }
      comma = endsWithComma;
      if (/\)[,.;:]?$/.test(raw)) flush();
    });
    flush();
  }
  return out;
}

/** The action a verb before a name states: `designated` → added, `removed` → removed, `updated` → amended. */
function sectionVerb(before: string): ListedName['action'] | undefined {
  const verbs = [
    ...before.matchAll(
      /\b(design\w*|sanction\w*|identif\w*|add\w*|list\w*|remov\w*|delist\w*|de-list\w*|revok\w*|lift\w*|updat\w*|amend\w*)\b/gi,
    ),
  ];
  const last = verbs.at(-1)?.[1]?.toLowerCase();
  if (!last) return undefined;
  if (/^(remov|delist|de-list|revok|lift)/.test(last)) return 'removed';
  if (/^(updat|amend)/.test(last)) return 'amended';
  return 'added';
}
