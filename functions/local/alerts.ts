/**
 * Local operator alerts, from the pipeline and from delivery alike: appended as JSON lines to one
 * file, `<data dir>/operator-alerts.jsonl`, and passed to an optional listener (the CLI prints them
 * on stderr).
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { OperatorAlert, OperatorAlerts } from '../pipeline/ports';

export class FileOperatorAlerts implements OperatorAlerts {
  constructor(
    readonly path: string,
    private readonly listener?: (alert: OperatorAlert) => void,
  ) {}

  async alert(alert: OperatorAlert): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, `${JSON.stringify(alert)}\n`);
    this.listener?.(alert);
  }
}

/** The one local alerts file of a data dir. */
export function localOperatorAlerts(
  dataDir: string,
  listener?: (alert: OperatorAlert) => void,
): FileOperatorAlerts {
  return new FileOperatorAlerts(join(dataDir, 'operator-alerts.jsonl'), listener);
}
