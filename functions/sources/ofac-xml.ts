/**
 * OFAC's `sdnList` XML (sdn.xml, consolidated.xml), streamed with saxes: the bytes are decoded and
 * fed in chunks, and only the entry being read is held as a small tree, never the whole document.
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
} from '../core/model';
import { checkBytes, finishPublication, type ParseOptions, type SourceDefinition } from '../core/source';
import { applyIdFact, applyRemarks, ofacDate, ofacName, ofacPublishDate } from './ofac-common';

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
}

const ENTITY_TYPES: Record<string, EntityType> = {
  Individual: 'individual',
  Entity: 'entity',
  Vessel: 'vessel',
  Aircraft: 'aircraft',
};

const NAME_TYPES: Record<string, NameType> = { 'a.k.a.': 'aka', 'f.k.a.': 'fka', 'n.k.a.': 'nka' };

/** Reads one entry's tree with a strict list of the child elements it may have. */
class EntryReader {
  constructor(
    private readonly source: string,
    private readonly record: string,
  ) {}

  fail(reason: string): never {
    throw new SourceError(this.source, reason, this.record);
  }

  /** Children of `node` by name, refusing any name not in `allowed` and repeated leaves. */
  fields(node: Node, allowed: readonly string[], repeatable: readonly string[] = []): Map<string, Node[]> {
    const out = new Map<string, Node[]>();
    if (node.text.trim() !== '') this.fail(`unexpected text inside <${node.name}>: "${node.text.trim()}"`);
    for (const child of node.children) {
      if (!allowed.includes(child.name)) this.fail(`unknown element <${child.name}> inside <${node.name}>`);
      const list = out.get(child.name) ?? [];
      list.push(child);
      if (list.length > 1 && !repeatable.includes(child.name))
        this.fail(`<${child.name}> repeated inside <${node.name}>`);
      out.set(child.name, list);
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
    return node ? (this.fields(node, [item], [item]).get(item) ?? []) : [];
  }
}

function toDesignation(source: string, entry: Node): Designation {
  const uidNode = entry.children.find((c) => c.name === 'uid');
  const uid = uidNode?.text.trim() ?? '';
  const r = new EntryReader(source, uid ? `uid ${uid}` : 'an sdnEntry without uid');
  if (!/^\d+$/.test(uid)) r.fail(uid ? 'the uid is not a number' : 'the entry has no <uid>');
  const f = r.fields(entry, [
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
    const x = r.fields(node, ['uid', 'idType', 'idNumber', 'idCountry', 'issueDate', 'expirationDate']);
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
    const x = r.fields(node, ['uid', 'type', 'category', 'lastName', 'firstName']);
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
    const x = r.fields(node, [
      'uid',
      'address1',
      'address2',
      'address3',
      'city',
      'stateOrProvince',
      'postalCode',
      'country',
    ]);
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
      const country = r.text(r.fields(node, ['uid', 'country', 'mainEntry']), 'country');
      if (country) d.nationalities.push(country);
    }
  }
  for (const node of r.items(f, 'dateOfBirthList', 'dateOfBirthItem')) {
    const date = r.text(r.fields(node, ['uid', 'dateOfBirth', 'mainEntry']), 'dateOfBirth');
    if (date) d.birthDates.push(ofacDate(date));
  }
  for (const node of r.items(f, 'placeOfBirthList', 'placeOfBirthItem')) {
    const place = r.text(r.fields(node, ['uid', 'placeOfBirth', 'mainEntry']), 'placeOfBirth');
    if (place) d.birthPlaces.push(place);
  }

  const vessel = f.get('vesselInfo')?.[0];
  if (vessel) {
    const keys = ['callSign', 'vesselType', 'vesselFlag', 'vesselOwner', 'tonnage', 'grossRegisteredTonnage'];
    const x = r.fields(vessel, keys);
    for (const key of keys) {
      const value = r.text(x, key);
      if (value) d.attributes[key] = [value];
    }
    const flag = r.text(x, 'vesselFlag');
    if (flag) d.countries.push(flag);
  }

  applyRemarks(d, r.text(f, 'remarks'), d.titles);
  return d;
}

/** Parses an OFAC `sdnList` document (either namespace) into a publication of `def`. */
export function parseSdnListXml(
  def: SourceDefinition,
  bytes: Uint8Array,
  options?: ParseOptions,
): Publication {
  checkBytes(def, bytes);
  const fail = (reason: string, record?: string): never => {
    throw new SourceError(def.id, reason, record);
  };
  const entries: Designation[] = [];
  const info: Record<string, string> = {};
  let namespace: string | undefined;
  let depth = 0;
  let rootClosed = false;
  let inInfo = false;
  let infoText = '';
  // The entry being read: a stack of open nodes, the first the <sdnEntry> itself.
  const stack: Node[] = [];

  const parser = new SaxesParser({ xmlns: true, position: true });
  parser.on('error', (error) => fail(`the XML is malformed: ${error.message}`));
  parser.on('opentag', (tag) => {
    depth++;
    if (depth === 1) {
      if (tag.local !== 'sdnList') fail(`the root element is <${tag.name}>, not <sdnList>`);
      if (!OFAC_XML_NAMESPACES.includes(tag.uri as (typeof OFAC_XML_NAMESPACES)[number])) {
        fail(`unknown sdnList namespace "${tag.uri}"`);
      }
      namespace = tag.uri;
      return;
    }
    if (tag.uri !== namespace) fail(`element <${tag.name}> is outside the sdnList namespace`);
    const node: Node = { name: tag.local, text: '', children: [] };
    if (stack.length) {
      stack[stack.length - 1]!.children.push(node);
      stack.push(node);
    } else if (depth === 2 && tag.local === 'sdnEntry') {
      stack.push(node);
    } else if (depth === 2 && tag.local === 'publshInformation') {
      inInfo = true;
    } else if (depth === 3 && inInfo && (tag.local === 'Publish_Date' || tag.local === 'Record_Count')) {
      infoText = '';
    } else {
      fail(`unexpected element <${tag.name}> at depth ${depth}`);
    }
  });
  parser.on('text', (text) => {
    if (stack.length) stack[stack.length - 1]!.text += text;
    else if (inInfo) infoText += text;
    else if (text.trim() !== '') fail(`unexpected text "${text.trim().slice(0, 40)}" outside any entry`);
  });
  parser.on('cdata', (text) => {
    if (stack.length) stack[stack.length - 1]!.text += text;
    else fail('unexpected CDATA outside any entry');
  });
  parser.on('closetag', (tag) => {
    depth--;
    if (depth === 0) rootClosed = true;
    if (stack.length) {
      const node = stack.pop()!;
      if (!stack.length) entries.push(toDesignation(def.id, node));
    } else if (depth === 2 && inInfo) {
      info[tag.local] = infoText.trim();
    } else if (depth === 1 && inInfo) {
      inInfo = false;
    }
  });

  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for (let offset = 0; offset < bytes.byteLength; offset += CHUNK) {
      const end = Math.min(offset + CHUNK, bytes.byteLength);
      parser.write(decoder.decode(bytes.subarray(offset, end), { stream: end < bytes.byteLength }));
    }
    parser.close();
  } catch (error) {
    if (error instanceof SourceError) throw error;
    if (error instanceof TypeError) fail('the file is not valid UTF-8');
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
  return finishPublication(
    def,
    bytes,
    entries,
    {
      ...(published ? { published } : {}),
      ...(statedRecordCount !== undefined ? { statedRecordCount } : {}),
    },
    options,
  );
}
