import type { Node } from 'constructs';

/**
 * Deployment configuration, read from CDK context (`cdk.json` or `-c key=value`). Every key has a
 * default that produces a working deployment; see README "Configuration".
 */
export interface DeploymentConfig {
  /** Sender address for alert emails; its SES identity is created by the stack. */
  senderEmail: string;
  /** Operator address subscribed to the operator-alert SNS topic (none when empty). */
  operatorEmail?: string;
  /** Source ids to deploy pollers for; `all` (default) deploys every source. */
  enabledSources: string[] | 'all';
  /** Per-source schedule overrides: `{ "us-ofac-sdn": "rate(5 minutes)" }`. */
  schedules: Record<string, string>;
  /** A source alarms when it has had no successful poll for this many of its intervals. */
  missedPollIntervals: number;
  /** Delivery error-rate alarm threshold, percent of attempts in an hour. */
  deliveryErrorRatePercent: number;
  /** `retain` (default) or `destroy` for the table, archive bucket and log groups. */
  removalPolicy: 'retain' | 'destroy';
  /** DynamoDB deletion protection (default true). */
  deletionProtection: boolean;
  /** Days before archived publications move to S3 Glacier Instant Retrieval. */
  archiveTransitionDays: number;
  /** CloudWatch Logs retention in days. */
  logRetentionDays: number;
  /** HTTP API rate/burst limits. */
  apiRateLimit: number;
  apiBurstLimit: number;
}

export const DEFAULT_CONFIG: DeploymentConfig = {
  senderEmail: 'alerts@example.com',
  enabledSources: 'all',
  schedules: {},
  missedPollIntervals: 6,
  deliveryErrorRatePercent: 5,
  removalPolicy: 'retain',
  deletionProtection: true,
  archiveTransitionDays: 30,
  logRetentionDays: 90,
  apiRateLimit: 20,
  apiBurstLimit: 40,
};

function parseJsonish(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return JSON.parse(trimmed);
  return value;
}

function num(node: Node, key: string, fallback: number): number {
  const raw = node.tryGetContext(key);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`context ${key} must be a positive number, got ${raw}`);
  return value;
}

/** Reads and validates the deployment configuration from context; throws with the key at fault. */
export function readConfig(node: Node): DeploymentConfig {
  const sender = node.tryGetContext('senderEmail') ?? DEFAULT_CONFIG.senderEmail;
  if (typeof sender !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(sender)) {
    throw new Error(`context senderEmail must be an email address, got ${sender}`);
  }
  const operator = node.tryGetContext('operatorEmail');
  if (operator !== undefined && operator !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(operator))) {
    throw new Error(`context operatorEmail must be an email address, got ${operator}`);
  }
  const enabledRaw = parseJsonish(node.tryGetContext('enabledSources') ?? 'all');
  const enabledSources =
    enabledRaw === 'all'
      ? 'all'
      : Array.isArray(enabledRaw)
        ? enabledRaw.map(String)
        : String(enabledRaw)
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
  const schedules = (parseJsonish(node.tryGetContext('schedules')) ?? {}) as Record<string, string>;
  if (typeof schedules !== 'object' || Array.isArray(schedules))
    throw new Error('context schedules must be an object');
  const removal = node.tryGetContext('removalPolicy') ?? DEFAULT_CONFIG.removalPolicy;
  if (removal !== 'retain' && removal !== 'destroy') {
    throw new Error(`context removalPolicy must be retain or destroy, got ${removal}`);
  }
  const protection = node.tryGetContext('deletionProtection');
  return {
    senderEmail: sender,
    ...(operator ? { operatorEmail: String(operator) } : {}),
    enabledSources,
    schedules,
    missedPollIntervals: num(node, 'missedPollIntervals', DEFAULT_CONFIG.missedPollIntervals),
    deliveryErrorRatePercent: num(node, 'deliveryErrorRatePercent', DEFAULT_CONFIG.deliveryErrorRatePercent),
    removalPolicy: removal,
    deletionProtection: protection === undefined ? true : protection === true || protection === 'true',
    archiveTransitionDays: num(node, 'archiveTransitionDays', DEFAULT_CONFIG.archiveTransitionDays),
    logRetentionDays: num(node, 'logRetentionDays', DEFAULT_CONFIG.logRetentionDays),
    apiRateLimit: num(node, 'apiRateLimit', DEFAULT_CONFIG.apiRateLimit),
    apiBurstLimit: num(node, 'apiBurstLimit', DEFAULT_CONFIG.apiBurstLimit),
  };
}
