# An S3 bucket configured resource by resource as the provider's documentation and the S3 User Guide set one up:
# versioning, object ownership with ACLs re-enabled (BucketOwnerPreferred) and a private ACL, Block Public
# Access, default encryption, lifecycle rules, CORS, static website hosting, server access logging into a second
# bucket, requester pays, Transfer Acceleration, an object with tags, and a bucket policy that admits reads only
# through the VPC's S3 gateway endpoint ("Controlling access from VPC endpoints with bucket policies").

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

resource "aws_vpc" "main" {
  cidr_block = "10.50.0.0/16"
  tags = {
    Name = "s3-lab"
  }
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
  tags = {
    Name = "s3"
  }
}

resource "aws_s3_bucket" "data" {
  bucket        = "vpce-lab-data"
  force_destroy = true
  tags = {
    Name        = "data"
    Environment = "lab"
  }
}

resource "aws_s3_bucket" "logs" {
  bucket        = "vpce-lab-logs"
  force_destroy = true
  tags = {
    Name = "access-logs"
  }
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_ownership_controls" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_acl" "data" {
  bucket     = aws_s3_bucket.data.id
  acl        = "private"
  depends_on = [aws_s3_bucket_ownership_controls.data]
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "data" {
  bucket = aws_s3_bucket.data.id

  rule {
    id     = "archive-reports"
    status = "Enabled"
    filter {
      prefix = "reports/"
    }
    transition {
      days          = 30
      storage_class = "STANDARD_IA"
    }
    transition {
      days          = 90
      storage_class = "GLACIER"
    }
    expiration {
      days = 365
    }
  }

  rule {
    id     = "tidy"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  rule {
    id     = "tagged-scratch"
    status = "Disabled"
    filter {
      and {
        prefix = "scratch/"
        tags = {
          Temporary = "true"
        }
      }
    }
    expiration {
      days = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.data]
}

resource "aws_s3_bucket_cors_configuration" "data" {
  bucket = aws_s3_bucket.data.id

  cors_rule {
    id              = "app"
    allowed_headers = ["Authorization", "Content-Type"]
    allowed_methods = ["GET", "PUT"]
    allowed_origins = ["https://app.example.com"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3000
  }

  cors_rule {
    allowed_methods = ["GET"]
    allowed_origins = ["*"]
  }
}

resource "aws_s3_bucket_website_configuration" "data" {
  bucket = aws_s3_bucket.data.id

  index_document {
    suffix = "index.html"
  }

  error_document {
    key = "error.html"
  }

  routing_rule {
    condition {
      key_prefix_equals = "docs/"
    }
    redirect {
      replace_key_prefix_with = "documents/"
    }
  }
}

# The log bucket admits the logging service by bucket policy (the User Guide's recommended grant when ACLs are off).
data "aws_iam_policy_document" "logs" {
  statement {
    sid       = "S3ServerAccessLogsPolicy"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.logs.arn}/log/*"]
    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [aws_s3_bucket.data.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.logs.json
}

resource "aws_s3_bucket_logging" "data" {
  bucket        = aws_s3_bucket.data.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "log/"
  depends_on    = [aws_s3_bucket_policy.logs]
}

resource "aws_s3_bucket_request_payment_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  payer  = "Requester"
}

resource "aws_s3_bucket_accelerate_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  status = "Enabled"
}

resource "aws_s3_object" "report" {
  bucket       = aws_s3_bucket.data.id
  key          = "reports/2026/q4.csv"
  content      = "region,total\nus-east-1,42\n"
  content_type = "text/csv"
  tags = {
    Classification = "internal"
    Quarter        = "q4"
  }
  depends_on = [aws_s3_bucket_versioning.data, aws_s3_bucket_server_side_encryption_configuration.data]
}

# Reads of the data bucket from the VPC go through the gateway endpoint; writes under restricted/ are refused from
# anywhere else. A condition on aws:SourceVpce keeps the policy non-public, so Block Public Access admits it.
data "aws_iam_policy_document" "data" {
  statement {
    sid       = "ReadThroughTheEndpoint"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceVpce"
      values   = [aws_vpc_endpoint.s3.id]
    }
  }
  statement {
    sid       = "RestrictedOnlyThroughTheEndpoint"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.data.arn}/restricted/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringNotEquals"
      variable = "aws:SourceVpce"
      values   = [aws_vpc_endpoint.s3.id]
    }
  }
}

resource "aws_s3_bucket_policy" "data" {
  bucket     = aws_s3_bucket.data.id
  policy     = data.aws_iam_policy_document.data.json
  depends_on = [aws_s3_bucket_public_access_block.data]
}

# Replication to a versioned replica bucket (both buckets versioned, as S3 requires), with the role S3 assumes.
resource "aws_s3_bucket" "replica" {
  bucket        = "vpce-lab-replica"
  force_destroy = true
}

resource "aws_s3_bucket_versioning" "replica" {
  bucket = aws_s3_bucket.replica.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_iam_role" "replication" {
  name = "vpce-lab-s3-replication"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "s3.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_s3_bucket_replication_configuration" "data" {
  bucket     = aws_s3_bucket.data.id
  role       = aws_iam_role.replication.arn
  depends_on = [aws_s3_bucket_versioning.data, aws_s3_bucket_versioning.replica]
  rule {
    id     = "everything"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Disabled"
    }
    destination {
      bucket        = aws_s3_bucket.replica.arn
      storage_class = "STANDARD"
    }
  }
}

# A bucket created with Object Lock (versioned by it) and a default retention.
resource "aws_s3_bucket" "locked" {
  bucket              = "vpce-lab-locked"
  force_destroy       = true
  object_lock_enabled = true
}

resource "aws_s3_bucket_object_lock_configuration" "locked" {
  bucket = aws_s3_bucket.locked.id
  rule {
    default_retention {
      mode = "GOVERNANCE"
      days = 1
    }
  }
}

output "endpoint_id" {
  value = aws_vpc_endpoint.s3.id
}

output "data_bucket" {
  value = aws_s3_bucket.data.id
}

output "object_version_id" {
  value = aws_s3_object.report.version_id
}

output "website_endpoint" {
  value = aws_s3_bucket_website_configuration.data.website_endpoint
}

# What `terraform import` is checked with: fresh configurations holding one resource alone (the bucket, its
# versioning, its CORS rules and the object).
output "import_check" {
  value = [
    {
      address = "aws_s3_bucket.imported"
      id      = aws_s3_bucket.data.id
      config  = <<-HCL
        resource "aws_s3_bucket" "imported" {
          bucket = "${aws_s3_bucket.data.id}"
          tags = {
            Name        = "data"
            Environment = "lab"
          }
        }
      HCL
    },
    {
      address = "aws_s3_bucket_versioning.imported"
      id      = aws_s3_bucket.data.id
      config  = <<-HCL
        resource "aws_s3_bucket_versioning" "imported" {
          bucket = "${aws_s3_bucket.data.id}"
          versioning_configuration {
            status = "Enabled"
          }
        }
      HCL
    },
    {
      address = "aws_s3_bucket_cors_configuration.imported"
      id      = aws_s3_bucket.data.id
      config  = <<-HCL
        resource "aws_s3_bucket_cors_configuration" "imported" {
          bucket = "${aws_s3_bucket.data.id}"
          cors_rule {
            id              = "app"
            allowed_headers = ["Authorization", "Content-Type"]
            allowed_methods = ["GET", "PUT"]
            allowed_origins = ["https://app.example.com"]
            expose_headers  = ["ETag"]
            max_age_seconds = 3000
          }
          cors_rule {
            allowed_methods = ["GET"]
            allowed_origins = ["*"]
          }
        }
      HCL
    },
    {
      address = "aws_s3_object.imported"
      id      = "${aws_s3_bucket.data.id}/${aws_s3_object.report.key}"
      config  = <<-HCL
        resource "aws_s3_object" "imported" {
          bucket       = "${aws_s3_bucket.data.id}"
          key          = "${aws_s3_object.report.key}"
          content_type = "text/csv"
          tags = {
            Classification = "internal"
            Quarter        = "q4"
          }
        }
      HCL
    },
  ]
}
