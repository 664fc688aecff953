/** @module S3 buckets that AWS-managed features read through a VPC's S3 endpoint, as data with the AWS page that names each. */

export interface ManagedBucket {
  /** What needs it. */
  readonly feature: string;
  /** An object ARN in the bucket for a Region. */
  readonly objectArn: (region: string) => string;
  readonly source: string;
}

export const MANAGED_BUCKETS: readonly ManagedBucket[] = [
  // AWS ("Amazon ECR interface VPC endpoints"): image layers are served from an S3 bucket per Region.
  { feature: 'Amazon ECR image layers', objectArn: (r) => `arn:aws:s3:::prod-${r}-starport-layer-bucket/layer`, source: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html' },
  // AWS (re:Post knowledge center, yum without internet access): Amazon Linux 2 and 2023 repositories.
  { feature: 'Amazon Linux 2 package repositories', objectArn: (r) => `arn:aws:s3:::amazonlinux.${r}.amazonaws.com/repodata`, source: 'https://repost.aws/knowledge-center/ec2-al1-al2-update-yum-without-internet' },
  { feature: 'Amazon Linux 2023 package repositories', objectArn: (r) => `arn:aws:s3:::al2023-repos-${r}-de612dc2/repodata`, source: 'https://repost.aws/knowledge-center/ec2-al1-al2-update-yum-without-internet' },
  // AWS (Systems Manager, "SSM Agent communications with AWS managed S3 buckets"): through a VPC endpoint the agent
  // reads these per-Region buckets for its own updates, Run Command documents, Distributor packages and patching.
  ...([
    ['SSM Agent updates', (r: string) => `amazon-ssm-${r}`],
    ['SSM Agent (Run Command and State Manager documents)', (r: string) => `aws-ssm-${r}`],
    ['SSM Distributor packages', (r: string) => `amazon-ssm-packages-${r}`],
    ['SSM Distributor files', (r: string) => `aws-ssm-distributor-file-${r}`],
    ['SSM document attachments', (r: string) => `aws-ssm-document-attachments-${r}`],
    ['SSM Patch Manager baselines', (r: string) => `patch-baseline-snapshot-${r}`],
    ['SSM Inventory (birdwatcher)', (r: string) => `${r}-birdwatcher-prod`],
    ['SSM Agent on Windows Server (downloads)', (r: string) => `aws-windows-downloads-${r}`],
  ] as const).map(([feature, bucket]): ManagedBucket => ({
    feature, objectArn: (r) => `arn:aws:s3:::${bucket(r)}/object`,
    source: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-technical-details.html#ssm-agent-minimum-s3-permissions',
  })),
];
