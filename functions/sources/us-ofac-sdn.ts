import type { Publication, PublicationMeta } from '../core/model';
import type { EntrySink, ParseOptions, SourceDefinition } from '../core/source';
import { OFAC_PUBLISHER } from './ofac-common';
import { parseSdnListXml, parseSdnListXmlEach } from './ofac-xml';

/**
 * OFAC's Specially Designated Nationals list, `sdn.xml` (`sdnList` schema). Around 6,300 entries in
 * 2021 and 17,000 in 2024 (the Russia designations); the file was ~29 MB in 2024.
 */
export const definition: SourceDefinition = {
  id: 'us-ofac-sdn',
  title: 'OFAC Specially Designated Nationals and Blocked Persons List (SDN), XML',
  publisher: OFAC_PUBLISHER,
  url: 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.XML',
  homepage:
    'https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-human-readable-lists',
  format: 'xml',
  kind: 'list',
  schedule: 'rate(15 minutes)',
  recordBounds: { min: 4_000, max: 40_000 },
  // The Sanctions List Service's export endpoints are reported by public readers to answer with a
  // redirect to the file in Amazon S3 (not verifiable offline): allowed so a poll never fails on it.
  redirectHosts: ['amazonaws.com'],
  maxBytes: 150 * 1024 * 1024,
  // Real OFAC XML entries hold at most 224 characters in one field and 1,676 in all (consolidated 2018).
  limits: { field: 16 * 1024, record: 64 * 1024 },
};

export function parse(bytes: Uint8Array, options?: ParseOptions): Publication {
  return parseSdnListXml(definition, bytes, options);
}

export function parseEach(bytes: Uint8Array, onEntry: EntrySink, options?: ParseOptions): PublicationMeta {
  return parseSdnListXmlEach(definition, bytes, onEntry, options);
}
