/**
 * OFAC's `sdnList` XML (sdn.xml, consolidated.xml), streamed with saxes: the bytes are decoded and
 * fed in chunks, and only the entry being read is held as a small tree, never the whole document.
 * Each entry is canonicalised as soon as it closes (`parseSdnListXmlEach`), so the raw tree and
 * entry die young.
 *
 * Namespaces are resolved here rather than by saxes' `xmlns` mode (which costs about a third of a
 * bare parse): `xmlns` / `xmlns:p` declarations are tracked on a small scope stack, and every
 * element's prefix (none in OFAC's files) is resolved through it.
 */
import { SaxesParser } from 'saxes';
import { SourceError } from '../core/errors';
import {
  type Address,
  type Designation,
  type EntityType,
  emptyDesignation,
  type NameQuality,
  type NameType,
  type Publication,
  type PublicationMeta,
} from '../core/model';
import {
  checkBytes,
  type EntrySink,
  type ParseOptions,
  PublicationBuilder,
  type SourceDefinition,
  textLayout,
} from '../core/source';
import { applyIdFact, applyRemarks, isDigits, ofacDate, ofacName, ofacPublishDate } from './ofac-common';
import { ElementReader } from './xml-stream';

/** The namespace until May 2024, and the one OFAC's Sanctions List Service has used since. */
export const OFAC_XML_NAMESPACES = [
  'http://tempuri.org/sdnList.xsd',
  'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML',
] as const;

const CHUNK = 1 << 16;

interface Node {
  name: string;
  text: string;
  children: Node[];
  /** Only when the element has attributes other than namespace declarations (OFAC's have none). */
  attributes?: Record<string, string>;
}

const ENTITY_TYPES: Record<string, EntityType> = {
  Individual: 'individual',
  Entity: 'entity',
  Vessel: 'vessel',
  Aircraft: 'aircraft',
};

const NAME_TYPES: Record<string, NameType> = { 'a.k.a.': 'aka', 'f.k.a.': 'fka', 'n.k.a.': 'nka' };

const NONE: ReadonlySet<string> = new Set();
const ENTRY_FIELDS: ReadonlySet<string> = new Set([
  'uid',
  'firstName',
  'lastName',
  'title',
  'sdnType',
  'remarks',
  'programList',
  'idList',
  'akaList',
  'addressList',
  'nationalityList',
  'citizenshipList',
  'dateOfBirthList',
  'placeOfBirthList',
  'vesselInfo',
]);
const ID_FIELDS: ReadonlySet<string> = new Set([
  'uid',
  'idType',
  'idNumber',
  'idCountry',
  'issueDate',
  'expirationDate',
]);
const AKA_FIELDS: ReadonlySet<string> = new Set(['uid', 'type', 'category', 'lastName', 'firstName']);
const ADDRESS_FIELDS: ReadonlySet<string> = new Set([
  'uid',
  'address1',
  'address2',
  'address3',
  'city',
  'stateOrProvince',
  'postalCode',
  'country',
]);
const NATIONALITY_FIELDS: ReadonlySet<string> = new Set(['uid', 'country', 'mainEntry']);
const DOB_FIELDS: ReadonlySet<string> = new Set(['uid', 'dateOfBirth', 'mainEntry']);
const POB_FIELDS: ReadonlySet<string> = new Set(['uid', 'placeOfBirth', 'mainEntry']);
const VESSEL_KEYS = [
  'callSign',
  'vesselType',
  'vesselFlag',
  'vesselOwner',
  'tonnage',
  'grossRegisteredTonnage',
];
const VESSEL_FIELDS: ReadonlySet<string> = new Set(VESSEL_KEYS);

/**
 * Reads one entry's tree with a list of the child elements each node may have; others are kept as
 * unmapped values (`ElementReader`), or refused when they look like a listed one renamed.
 */
class EntryReader {
  /** Holds the unmapped values. */
  readonly unmapped: ElementReader;

  constructor(
    private readonly source: string,
    private readonly record: string,
  ) {
    this.unmapped = new ElementReader(source, record);
  }

  fail(reason: string): never {
    throw new SourceError(this.source, reason, this.record);
  }

  /** Children of `node` by name (names not in `allowed` kept as unmapped), refusing repeated leaves. */
  fields(
    node: Node,
    allowed: ReadonlySet<string>,
    repeatable: ReadonlySet<string> = NONE,
  ): Map<string, Node[]> {
    const out = new Map<string, Node[]>();
    if (node.text !== '' && node.text.trim() !== '')
      this.fail(`unexpected text inside <${node.name}>: "${node.text.trim()}"`);
    for (const child of node.children) {
      if (!allowed.has(child.name)) {
        this.unmapped.unknownChild(node, child, allowed);
        continue;
      }
      const list = out.get(child.name);
      if (list === undefined) out.set(child.name, [child]);
      else {
        if (!repeatable.has(child.name)) this.fail(`<${child.name}> repeated inside <${node.name}>`);
        list.push(child);
      }
    }
    return out;
  }

  text(fields: Map<string, Node[]>, name: string): string | undefined {
    const node = fields.get(name)?.[0];
    return node ? this.leaf(node) : undefined;
  }

  leaf(node: Node): string | undefined {
    if (node.children.length) this.fail(`<${node.name}> has child elements where text was expected`);
    const text = node.text.trim();
    return text === '' ? undefined : text;
  }

  /** The items of a list element (`<programList><program>…`), each of the one allowed name. */
  items(fields: Map<string, Node[]>, list: string, item: string): Node[] {
    const node = fields.get(list)?.[0];
    if (!node) return [];
    const only = new Set([item]);
    return this.fields(node, only, only).get(item) ?? [];
  }
}

function toDesignation(source: string, entry: Node): Designation {
  const uidNode = entry.children.find((c) => c.name === 'uid');
  const uid = uidNode?.text.trim() ?? '';
  const r = new EntryReader(source, uid ? `uid ${uid}` : 'an sdnEntry without uid');
  if (!/^\d+$/.test(uid)) r.fail(uid ? 'the uid is not a number' : 'the entry has no <uid>');
  r.unmapped.keepAttributes(entry); // OFAC's elements have no attributes
  const f = r.fields(entry, ENTRY_FIELDS);
  const sdnType = r.text(f, 'sdnType') ?? r.fail('the entry has no <sdnType>');
  const entityType = ENTITY_TYPES[sdnType] ?? r.fail(`unknown sdnType "${sdnType}"`);
  const name = ofacName(r.text(f, 'lastName'), r.text(f, 'firstName'));
  if (!name) r.fail('the entry has no <lastName> or <firstName>');
  const d = emptyDesignation(source, uid, entityType, name);

  for (const p of r.items(f, 'programList', 'program')) {
    const program = r.leaf(p);
    if (program) d.regimes.push(program);
  }
  const title = r.text(f, 'title');
  if (title) d.titles.push(title);

  for (const node of r.items(f, 'idList', 'id')) {
    // <uid> of an item is OFAC's row id for that fact, not a fact about the designation: ignored.
    const x = r.fields(node, ID_FIELDS);
    const label = r.text(x, 'idType') ?? r.fail('an <id> without <idType>');
    applyIdFact(d, {
      label,
      value: r.text(x, 'idNumber') ?? '',
      country: r.text(x, 'idCountry'),
      issued: r.text(x, 'issueDate'),
      expires: r.text(x, 'expirationDate'),
    });
  }

  for (const node of r.items(f, 'akaList', 'aka')) {
    const x = r.fields(node, AKA_FIELDS);
    const type = r.text(x, 'type') ?? r.fail('an <aka> without <type>');
    const nameType = NAME_TYPES[type] ?? r.fail(`unknown aka type "${type}"`);
    const category = r.text(x, 'category') as NameQuality | undefined;
    if (category !== undefined && category !== 'strong' && category !== 'weak') {
      r.fail(`unknown aka category "${category}"`);
    }
    const alias = ofacName(r.text(x, 'lastName'), r.text(x, 'firstName'));
    if (!alias) r.fail('an <aka> without a name');
    d.aliases.push({ name: alias, type: nameType, ...(category ? { quality: category } : {}) });
  }

  for (const node of r.items(f, 'addressList', 'address')) {
    const x = r.fields(node, ADDRESS_FIELDS);
    const lines = ['address1', 'address2', 'address3']
      .map((k) => r.text(x, k))
      .filter((l) => l !== undefined);
    const city = r.text(x, 'city');
    const region = r.text(x, 'stateOrProvince');
    const postalCode = r.text(x, 'postalCode');
    const country = r.text(x, 'country');
    d.addresses.push({
      lines,
      ...(city ? { city } : {}),
      ...(region ? { region } : {}),
      ...(postalCode ? { postalCode } : {}),
      ...(country ? { country } : {}),
    });
  }

  // <mainEntry> marks OFAC's preferred value among several; every value is kept, so it is ignored.
  for (const list of ['nationalityList', 'citizenshipList'] as const) {
    const item = list === 'nationalityList' ? 'nationality' : 'citizenship';
    for (const node of r.items(f, list, item)) {
      const country = r.text(r.fields(node, NATIONALITY_FIELDS), 'country');
      if (country) d.nationalities.push(country);
    }
  }
  for (const node of r.items(f, 'dateOfBirthList', 'dateOfBirthItem')) {
    const date = r.text(r.fields(node, DOB_FIELDS), 'dateOfBirth');
    if (date) d.birthDates.push(ofacDate(date));
  }
  for (const node of r.items(f, 'placeOfBirthList', 'placeOfBirthItem')) {
    const place = r.text(r.fields(node, POB_FIELDS), 'placeOfBirth');
    if (place) d.birthPlaces.push(place);
  }

  const vessel = f.get('vesselInfo')?.[0];
  if (vessel) {
    const x = r.fields(vessel, VESSEL_FIELDS);
    for (const key of VESSEL_KEYS) {
      const value = r.text(x, key);
      if (value) d.attributes[key] = [value];
    }
    const flag = r.text(x, 'vesselFlag');
    if (flag) d.countries.push(flag);
  }

  applyRemarks(d, r.text(f, 'remarks'), d.titles);
  return r.unmapped.keepUnmapped(d);
}

/**
 * Thrown by `EntryFiller` at anything it does not read itself: an attribute, a prefix, an element
 * or text where the schema has none, a repeated field, CDATA, a value the entry would be refused
 * for. The document is then read again entry by entry as trees (`toDesignation`), which keeps what
 * a publisher added as unmapped values and names the reason of a refusal exactly as before.
 */
class Irregular extends Error {}
const IRREGULAR = new Irregular('an entry the event reader does not read itself');

/** Leaf texts of one element with fields (`<sdnEntry>`, `<id>`, `<vesselInfo>`…), by child name. */
type Fields = Map<string, string>;

const LEAF = 0;
const RECORD = 1;
const LIST = 2;

/** What the event reader knows of an open element inside an entry (one shape for every kind). */
class Frame {
  text = '';

  constructor(
    readonly name: string,
    readonly kind: typeof LEAF | typeof RECORD | typeof LIST,
    /** record: the allowed children. */
    readonly allowed: ReadonlySet<string> | null,
    /** list: the item's element name and the item's allowed children (null: the item is a leaf). */
    readonly list: ListShape | null,
    /** record: child texts read so far (a name present = seen). */
    readonly fields: Fields | null,
    /** list: its items, leaf texts (programList) or records. */
    readonly items: (string | Fields)[] | null,
  ) {}
}

interface ListShape {
  item: string;
  fields: ReadonlySet<string> | null;
}

/** The lists of an entry: item name, and the item's fields (none: the item is a leaf). */
const LISTS: ReadonlyMap<string, ListShape> = new Map([
  ['programList', { item: 'program', fields: null }],
  ['idList', { item: 'id', fields: ID_FIELDS }],
  ['akaList', { item: 'aka', fields: AKA_FIELDS }],
  ['addressList', { item: 'address', fields: ADDRESS_FIELDS }],
  ['nationalityList', { item: 'nationality', fields: NATIONALITY_FIELDS }],
  ['citizenshipList', { item: 'citizenship', fields: NATIONALITY_FIELDS }],
  ['dateOfBirthList', { item: 'dateOfBirthItem', fields: DOB_FIELDS }],
  ['placeOfBirthList', { item: 'placeOfBirthItem', fields: POB_FIELDS }],
]);

/** Whether `text` is blank (what `trim()` removes), testing the common ASCII layout first. */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return !/\S/.test(text);
  }
  return true;
}

/** A leaf's text as `EntryReader.leaf` gives it: trimmed, undefined when blank or absent. */
function leafText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * Reads one `<sdnEntry>` straight from sax events into the fields the designation needs, with no
 * element tree, and builds the designation when the entry closes, exactly as `toDesignation`
 * builds it from the tree. Anything else throws `IRREGULAR`.
 */
class EntryFiller {
  private readonly frames: Frame[] = [];
  /** The lists and the vesselInfo of the entry being read, as they closed. */
  private lists = new Map<string, (string | Fields)[]>();
  private vessel: Fields | null = null;

  constructor(private readonly source: string) {}

  get open(): boolean {
    return this.frames.length > 0;
  }

  start(): void {
    this.frames.push(new Frame('sdnEntry', RECORD, ENTRY_FIELDS, null, new Map(), null));
  }

  element(name: string): void {
    const top = this.frames[this.frames.length - 1]!;
    if (top.kind === LIST) {
      const shape = top.list!;
      if (name !== shape.item) throw IRREGULAR;
      this.frames.push(
        shape.fields
          ? new Frame(name, RECORD, shape.fields, null, new Map(), null)
          : new Frame(name, LEAF, null, null, null, null),
      );
      return;
    }
    const fields = top.fields;
    if (fields === null || !top.allowed!.has(name) || fields.has(name)) throw IRREGULAR;
    fields.set(name, '');
    const shape = this.frames.length === 1 ? LISTS.get(name) : undefined;
    if (shape) this.frames.push(new Frame(name, LIST, null, shape, null, []));
    else if (this.frames.length === 1 && name === 'vesselInfo')
      this.frames.push(new Frame(name, RECORD, VESSEL_FIELDS, null, new Map(), null));
    else this.frames.push(new Frame(name, LEAF, null, null, null, null));
  }

  text(text: string): void {
    const top = this.frames[this.frames.length - 1]!;
    if (top.kind === LEAF) top.text += text;
    else if (!isBlank(text)) throw IRREGULAR;
  }

  /** Closes the innermost element; returns the designation when it was the entry. */
  close(): Designation | undefined {
    const frame = this.frames.pop()!;
    const parent = this.frames[this.frames.length - 1];
    if (!parent) return this.designation(frame.fields!);
    if (parent.kind === LIST) parent.items!.push(frame.kind === LEAF ? frame.text : frame.fields!);
    else if (frame.kind === LEAF) parent.fields!.set(frame.name, frame.text);
    else if (frame.kind === LIST) this.lists.set(frame.name, frame.items!);
    else this.vessel = frame.fields;
    return undefined;
  }

  /** `toDesignation` for an entry read from events: the same checks, in the same order, the same fields. */
  private designation(f: Fields): Designation {
    const lists = this.lists;
    const vessel = this.vessel;
    this.lists = new Map();
    this.vessel = null;
    const records = (list: string) => (lists.get(list) ?? []) as Fields[];
    const uid = (f.get('uid') ?? '').trim();
    if (!isDigits(uid)) throw IRREGULAR;
    const sdnType = leafText(f.get('sdnType'));
    const entityType = sdnType === undefined ? undefined : ENTITY_TYPES[sdnType];
    if (!entityType) throw IRREGULAR;
    const name = ofacName(leafText(f.get('lastName')), leafText(f.get('firstName')));
    if (!name) throw IRREGULAR;
    const d = emptyDesignation(this.source, uid, entityType, name);
    for (const p of (lists.get('programList') ?? []) as string[]) {
      const program = leafText(p);
      if (program) d.regimes.push(program);
    }
    const title = leafText(f.get('title'));
    if (title) d.titles.push(title);
    for (const x of records('idList')) {
      const label = leafText(x.get('idType'));
      if (label === undefined) throw IRREGULAR;
      applyIdFact(d, {
        label,
        value: leafText(x.get('idNumber')) ?? '',
        country: leafText(x.get('idCountry')),
        issued: leafText(x.get('issueDate')),
        expires: leafText(x.get('expirationDate')),
      });
    }
    for (const x of records('akaList')) {
      const type = leafText(x.get('type'));
      const nameType = type === undefined ? undefined : NAME_TYPES[type];
      if (!nameType) throw IRREGULAR;
      const category = leafText(x.get('category'));
      if (category !== undefined && category !== 'strong' && category !== 'weak') throw IRREGULAR;
      const alias = ofacName(leafText(x.get('lastName')), leafText(x.get('firstName')));
      if (!alias) throw IRREGULAR;
      d.aliases.push(
        category ? { name: alias, type: nameType, quality: category } : { name: alias, type: nameType },
      );
    }
    for (const x of records('addressList')) {
      const lines: string[] = [];
      for (const key of ADDRESS_LINES) {
        const line = leafText(x.get(key));
        if (line !== undefined) lines.push(line);
      }
      const address: Address = { lines };
      const city = leafText(x.get('city'));
      if (city) address.city = city;
      const region = leafText(x.get('stateOrProvince'));
      if (region) address.region = region;
      const postalCode = leafText(x.get('postalCode'));
      if (postalCode) address.postalCode = postalCode;
      const country = leafText(x.get('country'));
      if (country) address.country = country;
      d.addresses.push(address);
    }
    for (const list of ['nationalityList', 'citizenshipList']) {
      for (const x of records(list)) {
        const country = leafText(x.get('country'));
        if (country) d.nationalities.push(country);
      }
    }
    for (const x of records('dateOfBirthList')) {
      const date = leafText(x.get('dateOfBirth'));
      if (date) d.birthDates.push(ofacDate(date));
    }
    for (const x of records('placeOfBirthList')) {
      const place = leafText(x.get('placeOfBirth'));
      if (place) d.birthPlaces.push(place);
    }
    if (vessel) {
      for (const key of VESSEL_KEYS) {
        const value = leafText(vessel.get(key));
        if (value) d.attributes[key] = [value];
      }
      const flag = leafText(vessel.get('vesselFlag'));
      if (flag) d.countries.push(flag);
    }
    applyRemarks(d, leafText(f.get('remarks')), d.titles);
    return d;
  }
}

const ADDRESS_LINES = ['address1', 'address2', 'address3'] as const;

/** Parses an OFAC `sdnList` document (either namespace) into a publication of `def`. */
export function parseSdnListXml(
  def: SourceDefinition,
  bytes: Uint8Array,
  options?: ParseOptions,
): Publication {
  const entries: Designation[] = [];
  const meta = parseSdnListXmlEach(def, bytes, (entry) => entries.push(entry), options);
  return { meta, entries };
}

/** A namespace declaration undone when the element that made it closes. */
interface Binding {
  depth: number;
  prefix: string;
  previous: string | undefined;
}

/**
 * `parseSdnListXml`, streaming: each canonical entry goes to `onEntry` as soon as its
 * `</sdnEntry>` is read; the publication's meta is returned once the document has been checked.
 *
 * Entries are read straight from sax events (`EntryFiller`). At the first entry that reader does not
 * read itself (a value a publisher added, or an entry to refuse), the document is read again from
 * the start as element trees per entry (`toDesignation`), handing over only the entries not yet
 * handed over: the same entries, the same unmapped values, the same refusal.
 */
export function parseSdnListXmlEach(
  def: SourceDefinition,
  bytes: Uint8Array,
  onEntry: EntrySink,
  options?: ParseOptions,
): PublicationMeta {
  checkBytes(def, bytes);
  let handed = 0;
  try {
    return readSdnList(
      def,
      bytes,
      (entry) => {
        onEntry(entry);
        handed++;
      },
      options,
      true,
    );
  } catch (error) {
    if (!(error instanceof Irregular)) throw error;
  }
  let seen = 0;
  return readSdnList(
    def,
    bytes,
    (entry) => {
      if (seen++ >= handed) onEntry(entry);
    },
    options,
    false,
  );
}

/** One read of the document: entries from events (`fill`) or as trees; `checkBytes` was done. */
function readSdnList(
  def: SourceDefinition,
  bytes: Uint8Array,
  onEntry: EntrySink,
  options: ParseOptions | undefined,
  fill: boolean,
): PublicationMeta {
  const fail = (reason: string, record?: string): never => {
    throw new SourceError(def.id, reason, record);
  };
  const builder = new PublicationBuilder(def, onEntry);
  const info: Record<string, string> = {};
  let namespace: string | undefined;
  let depth = 0;
  let rootClosed = false;
  let inInfo = false;
  let infoText = '';
  // The entry being read: a stack of open nodes, the first the <sdnEntry> itself.
  const stack: Node[] = [];
  const filler = new EntryFiller(def.id);
  // Namespace scope: prefix ('' for the default namespace) → URI, with the declarations to undo.
  const scope = new Map<string, string>();
  const bindings: Binding[] = [];

  const parser = new SaxesParser({ position: true });
  parser.on('error', (error) => fail(`the XML is malformed: ${error.message}`));
  parser.on('opentag', (tag) => {
    depth++;
    const attributes = tag.attributes as Record<string, string>;
    let attributed = false;
    for (const name in attributes) {
      attributed = true;
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        const prefix = name === 'xmlns' ? '' : name.slice(6);
        bindings.push({ depth, prefix, previous: scope.get(prefix) });
        scope.set(prefix, attributes[name]!);
      }
    }
    const name = tag.name;
    const colon = name.indexOf(':');
    const local = colon < 0 ? name : name.slice(colon + 1);
    const uri = scope.get(colon < 0 ? '' : name.slice(0, colon));
    if (colon >= 0 && uri === undefined)
      fail(`the XML is malformed: unbound namespace prefix: "${name.slice(0, colon)}"`);
    if (depth === 1) {
      if (local !== 'sdnList') fail(`the root element is <${name}>, not <sdnList>`);
      if (!OFAC_XML_NAMESPACES.includes(uri as (typeof OFAC_XML_NAMESPACES)[number])) {
        fail(`unknown sdnList namespace "${uri ?? ''}"`);
      }
      namespace = uri;
      return;
    }
    if (uri !== namespace) fail(`element <${name}> is outside the sdnList namespace`);
    if (filler.open) {
      if (attributed || colon >= 0) throw IRREGULAR;
      filler.element(local);
      return;
    }
    if (fill && depth === 2 && local === 'sdnEntry') {
      if (attributed || colon >= 0) throw IRREGULAR;
      filler.start();
      return;
    }
    let own: Record<string, string> | undefined;
    for (const a in attributes) {
      if (a === 'xmlns' || a.startsWith('xmlns:')) continue;
      own ??= {};
      own[a] = attributes[a]!;
    }
    if (stack.length) {
      const node: Node = { name: local, text: '', children: [], ...(own ? { attributes: own } : {}) };
      stack[stack.length - 1]!.children.push(node);
      stack.push(node);
    } else if (depth === 2 && local === 'sdnEntry') {
      stack.push({ name: local, text: '', children: [], ...(own ? { attributes: own } : {}) });
    } else if (depth === 2 && local === 'publshInformation') {
      inInfo = true;
    } else if (depth === 3 && inInfo && (local === 'Publish_Date' || local === 'Record_Count')) {
      infoText = '';
    } else {
      fail(`unexpected element <${name}> at depth ${depth}`);
    }
  });
  parser.on('text', (text) => {
    if (filler.open) filler.text(text);
    else if (stack.length) {
      const top = stack[stack.length - 1]!;
      // Layout between child elements is not kept (only non-blank text there matters: it is refused).
      if (top.children.length === 0 || /\S/.test(text)) top.text += text;
    } else if (inInfo) infoText += text;
    else if (text.trim() !== '') fail(`unexpected text "${text.trim().slice(0, 40)}" outside any entry`);
  });
  parser.on('cdata', (text) => {
    if (filler.open) throw IRREGULAR;
    if (stack.length) stack[stack.length - 1]!.text += text;
    else fail('unexpected CDATA outside any entry');
  });
  parser.on('closetag', (tag) => {
    while (bindings.length && bindings[bindings.length - 1]!.depth === depth) {
      const b = bindings.pop()!;
      if (b.previous === undefined) scope.delete(b.prefix);
      else scope.set(b.prefix, b.previous);
    }
    depth--;
    if (depth === 0) rootClosed = true;
    if (filler.open) {
      const entry = filler.close();
      if (entry) builder.add(entry);
    } else if (stack.length) {
      const node = stack.pop()!;
      if (!stack.length) builder.add(toDesignation(def.id, node));
    } else if (depth === 2 && inInfo) {
      const name = tag.name;
      const colon = name.indexOf(':');
      info[colon < 0 ? name : name.slice(colon + 1)] = infoText.trim();
    } else if (depth === 1 && inInfo) {
      inInfo = false;
    }
  });

  const layout = textLayout(def.id, 'xml', bytes);
  const decoder = new TextDecoder(layout.encoding, { fatal: true });
  try {
    for (let offset = layout.bom; offset < bytes.byteLength; offset += CHUNK) {
      const end = Math.min(offset + CHUNK, bytes.byteLength);
      parser.write(decoder.decode(bytes.subarray(offset, end), { stream: end < bytes.byteLength }));
    }
    parser.close();
  } catch (error) {
    if (error instanceof SourceError || error instanceof Irregular) throw error;
    if (error instanceof TypeError) fail(`the file is not valid ${layout.encoding.toUpperCase()}`);
    throw error;
  }
  if (!rootClosed) fail('the XML ends before </sdnList>: the file is truncated');

  const published = ofacPublishDate(info.Publish_Date);
  if (info.Publish_Date !== undefined && !published)
    fail(`Publish_Date "${info.Publish_Date}" is not MM/DD/YYYY`);
  let statedRecordCount: number | undefined;
  if (info.Record_Count !== undefined) {
    if (!/^\d+$/.test(info.Record_Count)) fail(`Record_Count "${info.Record_Count}" is not a number`);
    statedRecordCount = Number(info.Record_Count);
  }
  return builder.finish(
    bytes,
    {
      ...(published ? { published } : {}),
      ...(statedRecordCount !== undefined ? { statedRecordCount } : {}),
    },
    options,
  );
}
