import { describe, expect, it } from 'vitest';
import { FEED_SOURCES } from '../../functions/feeds/index';
import { allSourceDefinitions, sourceDefinition, sourcesToPoll } from '../../functions/pipeline/schedule';
import { isPolledByDefault, LIST_SOURCES } from '../../functions/sources/index';
import { allSourceDefinitions as deployable } from '../../lib/sources';

const ids = (defs: { id: string }[]) => defs.map((d) => d.id);

describe('which sources are polled when none is named', () => {
  it('every notice feed and every list except the archive formats', () => {
    const polled = ids(sourcesToPoll());
    for (const id of Object.keys(FEED_SOURCES)) expect(polled).toContain(id);
    for (const [id, source] of Object.entries(LIST_SOURCES)) {
      if (source.definition.polledByDefault === false) expect(polled).not.toContain(id);
      else expect(polled).toContain(id);
    }
    // OFAC changes must not reach an unfiltered subscriber twice (sdn.xml and sdn.csv).
    expect(polled).toContain('us-ofac-sdn');
    expect(polled).not.toContain('us-ofac-sdn-csv');
    expect(polled).not.toContain('gb-ofsi-conlist');
  });

  it('polls notice feeds first, as they announce what the lists publish later', () => {
    const kinds = sourcesToPoll().map((d) => d.kind);
    expect(kinds.indexOf('list')).toBeGreaterThan(kinds.lastIndexOf('feed'));
  });

  it('the AWS stack and the local runtime draw from the same definitions with the same rule', () => {
    expect(ids(deployable()).sort()).toEqual(ids(allSourceDefinitions()).sort());
    expect(ids(deployable().filter(isPolledByDefault)).sort()).toEqual(ids(sourcesToPoll()).sort());
  });

  it('polls an archive format when it is named, and refuses an unknown id naming the known ones', () => {
    expect(ids(sourcesToPoll(['us-ofac-sdn-csv', 'un-sc-press']))).toEqual([
      'us-ofac-sdn-csv',
      'un-sc-press',
    ]);
    expect(() => sourcesToPoll(['us-ofac-sdn-xml'])).toThrow(
      /unknown source.*us-ofac-recent-actions.*us-ofac-sdn-csv/,
    );
    expect(sourceDefinition('us-ofac-recent-actions').kind).toBe('feed');
  });
});
