# Identity for workloads behind endpoints: a role instances assume (with an instance profile), an inline and a
# managed policy, a user with an access key, and the lookups every configuration makes.

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_availability_zones" "all" {
  all_availability_zones = true
}

data "aws_iam_policy_document" "ec2_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "read_reports" {
  statement {
    sid       = "ReadReports"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:SourceVpce"
      values   = ["vpce-0123456789abcdef0"]
    }
  }
}

resource "aws_iam_role" "app" {
  name                 = "app"
  path                 = "/workloads/"
  description          = "application servers"
  assume_role_policy   = data.aws_iam_policy_document.ec2_assume.json
  max_session_duration = 7200
  tags = {
    Team = "platform"
  }
}

resource "aws_iam_role_policy" "app_inline" {
  name   = "read-reports"
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.read_reports.json
}

resource "aws_iam_policy" "dynamodb_read" {
  name        = "dynamodb-read"
  description = "read the orders table"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:GetItem", "dynamodb:Query"]
      Resource = "arn:aws:dynamodb:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:table/orders"
    }]
  })
  tags = {
    Team = "platform"
  }
}

resource "aws_iam_policy" "audit" {
  name   = "audit"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "ec2:Describe*", Resource = "*" }] })
}

resource "aws_iam_role_policy_attachment" "app_dynamodb" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.dynamodb_read.arn
}

resource "aws_iam_instance_profile" "app" {
  name = "app"
  role = aws_iam_role.app.name
  tags = {
    Team = "platform"
  }
}

resource "aws_iam_user" "ci" {
  name = "ci"
  tags = {
    Purpose = "deployments"
  }
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

resource "aws_iam_user_policy_attachment" "ci_dynamodb" {
  user       = aws_iam_user.ci.name
  policy_arn = aws_iam_policy.dynamodb_read.arn
}

resource "aws_iam_policy_attachment" "audit" {
  name       = "audit"
  users      = [aws_iam_user.ci.name]
  roles      = [aws_iam_role.app.name]
  policy_arn = aws_iam_policy.audit.arn
}

output "account_id" {
  value = data.aws_caller_identity.current.account_id
}

output "caller_arn" {
  value = data.aws_caller_identity.current.arn
}

output "region" {
  value = data.aws_region.current.name
}

output "zone_count" {
  value = length(data.aws_availability_zones.all.names)
}

output "role_arn" {
  value = aws_iam_role.app.arn
}

output "access_key_id" {
  value = aws_iam_access_key.ci.id
}

output "import_check" {
  value = {
    address = "aws_iam_role.imported"
    id      = aws_iam_role.app.name
    config  = <<-HCL
      resource "aws_iam_role" "imported" {
        name                 = "app"
        path                 = "/workloads/"
        description          = "application servers"
        assume_role_policy   = ${jsonencode(data.aws_iam_policy_document.ec2_assume.json)}
        max_session_duration = 7200
        tags = {
          Team = "platform"
        }
      }
    HCL
  }
}
