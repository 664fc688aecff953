# DynamoDB tables as the DynamoDB Developer Guide sets them up, reached through a gateway endpoint: an on-demand
# table with a composite primary key, a global secondary index that projects chosen non-key attributes, a local
# secondary index, time to live, point-in-time recovery, tags and a resource policy; a provisioned table beside it;
# two items written by Terraform; and a DynamoDB gateway endpoint whose policy names the table.

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "customer"
  range_key    = "order_id"

  attribute {
    name = "customer"
    type = "S"
  }

  attribute {
    name = "order_id"
    type = "S"
  }

  attribute {
    name = "status"
    type = "S"
  }

  attribute {
    name = "placed_at"
    type = "N"
  }

  global_secondary_index {
    name               = "by-status"
    hash_key           = "status"
    range_key          = "placed_at"
    projection_type    = "INCLUDE"
    non_key_attributes = ["total", "currency"]
  }

  local_secondary_index {
    name            = "by-placed-at"
    range_key       = "placed_at"
    projection_type = "KEYS_ONLY"
  }

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  tags = {
    Name = "orders"
    Team = "commerce"
  }
}

resource "aws_dynamodb_table" "counters" {
  name           = "counters"
  billing_mode   = "PROVISIONED"
  read_capacity  = 5
  write_capacity = 2
  hash_key       = "name"

  attribute {
    name = "name"
    type = "S"
  }

  tags = {
    Name = "counters"
  }
}

resource "aws_dynamodb_table_item" "first" {
  table_name = aws_dynamodb_table.orders.name
  hash_key   = aws_dynamodb_table.orders.hash_key
  range_key  = aws_dynamodb_table.orders.range_key
  item = jsonencode({
    customer  = { S = "alice" }
    order_id  = { S = "o-1001" }
    status    = { S = "shipped" }
    placed_at = { N = "1760000000" }
    total     = { N = "42.5" }
    currency  = { S = "EUR" }
    lines     = { L = [{ M = { sku = { S = "book" }, qty = { N = "2" } } }] }
  })
}

resource "aws_dynamodb_table_item" "visits" {
  table_name = aws_dynamodb_table.counters.name
  hash_key   = aws_dynamodb_table.counters.hash_key
  item = jsonencode({
    name  = { S = "visits" }
    value = { N = "0" }
    tags  = { SS = ["web", "mobile"] }
  })
}

data "aws_iam_policy_document" "orders_table" {
  statement {
    sid       = "ReadersInAccount"
    effect    = "Allow"
    actions   = ["dynamodb:GetItem", "dynamodb:Query"]
    resources = [aws_dynamodb_table.orders.arn]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
}

resource "aws_dynamodb_resource_policy" "orders" {
  resource_arn = aws_dynamodb_table.orders.arn
  policy       = data.aws_iam_policy_document.orders_table.json
}

resource "aws_vpc" "main" {
  cidr_block = "10.40.0.0/16"
  tags = {
    Name = "dynamodb-lab"
  }
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

data "aws_iam_policy_document" "endpoint" {
  statement {
    sid       = "OnlyTheOrdersTable"
    effect    = "Allow"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.orders.arn, "${aws_dynamodb_table.orders.arn}/index/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_vpc_endpoint" "dynamodb" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.dynamodb"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
  policy            = data.aws_iam_policy_document.endpoint.json
  tags = {
    Name = "dynamodb"
  }
}

output "orders_arn" {
  value = aws_dynamodb_table.orders.arn
}

output "endpoint_id" {
  value = aws_vpc_endpoint.dynamodb.id
}

output "endpoint_policy" {
  value = aws_vpc_endpoint.dynamodb.policy
}

# What `terraform import` is checked with: fresh configurations holding one table alone. The items and the resource
# policy are left out: the provider cannot import `aws_dynamodb_table_item`, and an imported
# `aws_dynamodb_resource_policy` always plans a change (its `confirm_remove_self_resource_access` argument is the
# provider's own and read from nowhere), against vpce as against AWS.
output "import_check" {
  value = [
    {
      address = "aws_dynamodb_table.imported"
      id      = aws_dynamodb_table.counters.name
      config  = <<-HCL
        resource "aws_dynamodb_table" "imported" {
          name           = "counters"
          billing_mode   = "PROVISIONED"
          read_capacity  = 5
          write_capacity = 2
          hash_key       = "name"
          attribute {
            name = "name"
            type = "S"
          }
          tags = {
            Name = "counters"
          }
        }
      HCL
    },
    {
      address = "aws_dynamodb_table.imported"
      id      = aws_dynamodb_table.orders.name
      config  = <<-HCL
        resource "aws_dynamodb_table" "imported" {
          name         = "orders"
          billing_mode = "PAY_PER_REQUEST"
          hash_key     = "customer"
          range_key    = "order_id"
          attribute {
            name = "customer"
            type = "S"
          }
          attribute {
            name = "order_id"
            type = "S"
          }
          attribute {
            name = "status"
            type = "S"
          }
          attribute {
            name = "placed_at"
            type = "N"
          }
          global_secondary_index {
            name               = "by-status"
            hash_key           = "status"
            range_key          = "placed_at"
            projection_type    = "INCLUDE"
            non_key_attributes = ["total", "currency"]
          }
          local_secondary_index {
            name            = "by-placed-at"
            range_key       = "placed_at"
            projection_type = "KEYS_ONLY"
          }
          ttl {
            attribute_name = "expires_at"
            enabled        = true
          }
          point_in_time_recovery {
            enabled = true
          }
          tags = {
            Name = "orders"
            Team = "commerce"
          }
        }
      HCL
    },
  ]
}
