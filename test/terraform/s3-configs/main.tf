# A bucket with the configurations applications set: CORS, Block Public Access, default encryption, lifecycle and
# a website. Every resource is read back on refresh, so the plan after apply must be empty.

resource "aws_s3_bucket" "site" {
  bucket = "tf-site-configs"
}

resource "aws_s3_bucket_cors_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  cors_rule {
    id              = "uploads"
    allowed_methods = ["GET", "PUT"]
    allowed_origins = ["https://app.example.com"]
    allowed_headers = ["*"]
    expose_headers  = ["ETag"]
    max_age_seconds = 300
  }
}

resource "aws_s3_bucket_public_access_block" "site" {
  bucket                  = aws_s3_bucket.site.id
  block_public_acls       = true
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = false
}

resource "aws_s3_bucket_server_side_encryption_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  rule {
    id     = "logs"
    status = "Enabled"
    filter {
      prefix = "logs/"
    }
    transition {
      days          = 30
      storage_class = "STANDARD_IA"
    }
    expiration {
      days = 365
    }
  }
}

resource "aws_s3_bucket_website_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  index_document {
    suffix = "index.html"
  }
  error_document {
    key = "error.html"
  }
}

output "bucket" {
  value = aws_s3_bucket.site.id
}

output "import_check" {
  value = {
    address = "aws_s3_bucket_cors_configuration.imported"
    id      = aws_s3_bucket.site.id
    config  = <<-HCL
      resource "aws_s3_bucket_cors_configuration" "imported" {
        bucket = "tf-site-configs"
        cors_rule {
          id              = "uploads"
          allowed_methods = ["GET", "PUT"]
          allowed_origins = ["https://app.example.com"]
          allowed_headers = ["*"]
          expose_headers  = ["ETag"]
          max_age_seconds = 300
        }
      }
    HCL
  }
}
