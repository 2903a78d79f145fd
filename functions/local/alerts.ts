/**
 * Local operator alerts: appended as JSON lines to `<data dir>/operator-alerts.jsonl` and passed to
 * an optional listener (the CLI prints them on stderr).
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
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
