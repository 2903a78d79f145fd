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
import { applyIdFact, applyRemarks, ofacDate, ofacName, ofacPublishDate } from './ofac-common';
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
 */
export function parseSdnListXmlEach(
  def: SourceDefinition,
  bytes: Uint8Array,
  onEntry: EntrySink,
  options?: ParseOptions,
): PublicationMeta {
  checkBytes(def, bytes);
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
  // Namespace scope: prefix ('' for the default namespace) → URI, with the declarations to undo.
  const scope = new Map<string, string>();
  const bindings: Binding[] = [];

  const parser = new SaxesParser({ position: true });
  parser.on('error', (error) => fail(`the XML is malformed: ${error.message}`));
  parser.on('opentag', (tag) => {
    depth++;
    const attributes = tag.attributes as Record<string, string>;
    for (const name in attributes) {
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
    if (stack.length) {
      const top = stack[stack.length - 1]!;
      // Layout between child elements is not kept (only non-blank text there matters: it is refused).
      if (top.children.length === 0 || /\S/.test(text)) top.text += text;
    } else if (inInfo) infoText += text;
    else if (text.trim() !== '') fail(`unexpected text "${text.trim().slice(0, 40)}" outside any entry`);
  });
  parser.on('cdata', (text) => {
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
    if (stack.length) {
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
    if (error instanceof SourceError) throw error;
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
