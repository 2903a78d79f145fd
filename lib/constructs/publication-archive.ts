import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface PublicationArchiveProps {
  removalPolicy: RemovalPolicy;
  transitionAfterDays: number;
}

/**
 * Raw publication archive: every distinct publication's bytes stored once under its sha256, so
 * history can prove which file each change came from. Encrypted, versioned, private, TLS-only,
 * with server access logs and a lifecycle to cheaper storage.
 */
export class PublicationArchive extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: PublicationArchiveProps) {
    super(scope, id);
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: props.removalPolicy,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      versioned: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'archive/',
      removalPolicy: props.removalPolicy,
      lifecycleRules: [
        {
          id: 'cheaper-storage',
          transitions: [
            {
              storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL,
              transitionAfter: Duration.days(props.transitionAfterDays),
            },
          ],
          noncurrentVersionExpiration: Duration.days(90),
        },
      ],
    });
  }
}
