/** @module S3 buckets that AWS-managed features read through a VPC's S3 endpoint, as data with the AWS page that names each. */

export interface ManagedBucket {
  /** What needs it. */
  readonly feature: string;
  /** An object ARN in the bucket for a Region (undefined where the feature's page names no bucket for it). */
  readonly objectArn: (region: string) => string | undefined;
  readonly source: string;
}

/** The AWS account in the name of CodeArtifact's asset bucket, per Region (from the page cited below). */
const CODEARTIFACT_ACCOUNTS: Readonly<Record<string, string>> = {
  'us-east-1': '193858265520', 'us-east-2': '250872398865', 'us-west-2': '787052242323', 'eu-west-1': '438097961670',
  'eu-west-2': '247805302724', 'eu-west-3': '762466490029', 'eu-north-1': '611884512288', 'eu-south-1': '484130244270',
  'eu-central-1': '769407342218', 'ap-northeast-1': '660291247815',
};

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
  // AWS (CodeArtifact, "Create the Amazon S3 gateway endpoint"): package assets are read from a bucket owned by a
  // CodeArtifact account of each Region, named in a table on that page (the Regions whose rows are listed here).
  {
    feature: 'AWS CodeArtifact package assets',
    objectArn: (r) => { const a = CODEARTIFACT_ACCOUNTS[r]; return a === undefined ? undefined : `arn:aws:s3:::assets-${a}-${r}/asset`; },
    source: 'https://docs.aws.amazon.com/codeartifact/latest/ug/create-s3-gateway-endpoint.html',
  },
];
