/** A label row for the evaluator's pure tests: an OFAC entity of the report half, labelled with `sectors`. */
import type { LabelRow } from '../../scripts/sector-labels-lib';

export function labelRow(id: string, sectors: LabelRow['sectors'], unknown = false): LabelRow {
  return {
    source: 'us-ofac-sdn-csv',
    id,
    name: id,
    entityType: 'entity',
    half: 'report',
    sectors,
    confidence: 'high',
    why: 'test entity',
    ...(unknown ? { unknown } : {}),
  };
}
