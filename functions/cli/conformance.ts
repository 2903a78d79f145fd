/**
 * `conformance <source> <file> [--json]`: what a publication holds that the parser does not map.
 * The file is parsed as the poller would (bounds not enforced); every element, attribute or
 * column kept as `unmapped.<path>` is listed with how many entries carry it, the first such entry
 * and an example value (control characters escaped). Structural drift (an unknown record element,
 * a missing id, counts that disagree, a record element renamed) makes the parse fail: the reason
 * is printed and the exit status is 1. Exit 0 when the file parses, whether or not it holds
 * unmapped values.
 * `--json`: `{"source", "file", "records", "unmapped": {"<path>": {"count", "example", "record"}}}`.
 */
import { escapeControls } from '../core/errors';
import { listSource } from '../sources/index';
import { type CommandRun, parseCommandArgs, UsageError } from './io';
import { parsePublicationFilesEach, readPublicationFiles } from './read-publication';

const USAGE = 'usage: conformance <source-id> <file> [--json]';
const EXAMPLE_CHARS = 200;

export const run: CommandRun = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(argv, {
    json: { type: 'boolean' },
    'data-dir': { type: 'string' },
  });
  const [id, path, ...rest] = positionals;
  if (!id || !path || rest.length) throw new UsageError(USAGE);
  const source = listSource(id);
  const files = readPublicationFiles(source, path);
  let records = 0;
  const meta = parsePublicationFilesEach(source, files, () => records++, { enforceBounds: false });
  const unmapped = meta.unmapped ?? {};
  const paths = Object.keys(unmapped).sort();
  if (values.json) {
    io.out(JSON.stringify({ source: id, file: path, records, unmapped }, null, 2));
    return 0;
  }
  io.out(
    `${id}: ${escapeControls(path)}: ${records} records; ${paths.length ? `${paths.length} unmapped path${paths.length === 1 ? '' : 's'}` : 'everything is mapped'}`,
  );
  for (const p of paths) {
    const { count, example, record } = unmapped[p]!;
    const shown = example.length > EXAMPLE_CHARS ? `${example.slice(0, EXAMPLE_CHARS)}…` : example;
    io.out(
      escapeControls(
        `unmapped.${p}  ${count} ${count === 1 ? 'entry' : 'entries'}  e.g. record ${record}: "${shown}"`,
      ),
    );
  }
  return 0;
};
