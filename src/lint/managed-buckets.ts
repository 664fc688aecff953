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
];
