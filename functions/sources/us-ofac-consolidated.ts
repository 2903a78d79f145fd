import type { Publication, PublicationMeta } from '../core/model';
import type { EntrySink, ParseOptions, SourceDefinition } from '../core/source';
import { OFAC_PUBLISHER } from './ofac-common';
import { parseSdnListXml, parseSdnListXmlEach } from './ofac-xml';

/**
 * OFAC's Consolidated (non-SDN) Sanctions List, `consolidated.xml`, in the same `sdnList` schema as
 * sdn.xml. Real counts: 639 entries (April 2018), 462 (March 2022).
 */
export const definition: SourceDefinition = {
  id: 'us-ofac-consolidated',
  title: 'OFAC Consolidated (non-SDN) Sanctions List, XML',
  publisher: OFAC_PUBLISHER,
  url: 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONSOLIDATED.XML',
  homepage: 'https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists',
  format: 'xml',
  kind: 'list',
  schedule: 'rate(15 minutes)',
  recordBounds: { min: 150, max: 5_000 },
  // The Sanctions List Service's export endpoints are reported by public readers to answer with a
  // redirect to the file in Amazon S3 (not verifiable offline): allowed so a poll never fails on it.
  redirectHosts: ['amazonaws.com'],
  maxBytes: 50 * 1024 * 1024,
  // Real OFAC XML entries hold at most 224 characters in one field and 1,676 in all (consolidated 2018).
  limits: { field: 16 * 1024, record: 64 * 1024 },
};

export function parse(bytes: Uint8Array, options?: ParseOptions): Publication {
  return parseSdnListXml(definition, bytes, options);
}

export function parseEach(bytes: Uint8Array, onEntry: EntrySink, options?: ParseOptions): PublicationMeta {
  return parseSdnListXmlEach(definition, bytes, onEntry, options);
}
