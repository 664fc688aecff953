# Gateway endpoints for S3 and DynamoDB in a VPC with public and private subnets, as the VPC User Guide's
# "Gateway endpoints" chapter sets them up: the endpoint's prefix-list route goes into the private route tables,
# security groups allow egress to the service's prefix list, and the default VPC is looked up beside it.

data "aws_vpc" "default" {
  default = true
}

data "aws_availability_zones" "available" {
  state = "available"
}

data "aws_region" "current" {}

resource "aws_vpc" "main" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags = {
    Name = "gateway-lab"
  }
}

resource "aws_vpc_dhcp_options" "lab" {
  domain_name         = "lab.internal"
  domain_name_servers = ["AmazonProvidedDNS"]
  tags = {
    Name = "lab"
  }
}

resource "aws_vpc_dhcp_options_association" "lab" {
  vpc_id          = aws_vpc.main.id
  dhcp_options_id = aws_vpc_dhcp_options.lab.id
}

resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.20.0.0/24"
  availability_zone       = data.aws_availability_zones.available.names[0]
  map_public_ip_on_launch = true
  tags = {
    Name = "public"
  }
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.20.${count.index + 10}.0/24"
  availability_zone = data.aws_availability_zones.available.names[count.index]
  tags = {
    Name = "private-${count.index}"
  }
}

resource "aws_internet_gateway" "igw" {
  vpc_id = aws_vpc.main.id
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "nat" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public.id
  depends_on    = [aws_internet_gateway.igw]
}

resource "aws_default_route_table" "main" {
  default_route_table_id = aws_vpc.main.default_route_table_id
  tags = {
    Name = "main"
  }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route" "public_internet" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.igw.id
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table" "private" {
  count  = 2
  vpc_id = aws_vpc.main.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.nat.id
  }
}

resource "aws_route_table_association" "private" {
  count          = 2
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.s3"
  vpc_endpoint_type = "Gateway"
  tags = {
    Name = "s3"
  }
}

# This endpoint's route tables come from the association resources alone: the provider documents that a table
# named both in `route_table_ids` and in an association resource makes the two fight (a diff on every plan).
resource "aws_vpc_endpoint_route_table_association" "s3_private" {
  count           = 2
  vpc_endpoint_id = aws_vpc_endpoint.s3.id
  route_table_id  = aws_route_table.private[count.index].id
}

resource "aws_vpc_endpoint" "dynamodb" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.dynamodb"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = aws_route_table.private[*].id
}

data "aws_iam_policy_document" "s3_endpoint" {
  statement {
    sid       = "OnlyLabBuckets"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]
    resources = ["arn:aws:s3:::lab-*", "arn:aws:s3:::lab-*/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_vpc_endpoint_policy" "s3" {
  vpc_endpoint_id = aws_vpc_endpoint.s3.id
  policy          = data.aws_iam_policy_document.s3_endpoint.json
}

data "aws_prefix_list" "s3" {
  prefix_list_id = aws_vpc_endpoint.s3.prefix_list_id
}

data "aws_ec2_managed_prefix_list" "dynamodb" {
  name = "com.amazonaws.${data.aws_region.current.name}.dynamodb"
}

resource "aws_security_group" "app" {
  name        = "app"
  description = "app servers"
  vpc_id      = aws_vpc.main.id

  egress {
    description     = "S3 through the gateway endpoint"
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    prefix_list_ids = [aws_vpc_endpoint.s3.prefix_list_id]
  }

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.20.0.0/24"]
  }

  tags = {
    Name = "app"
  }
}

resource "aws_security_group" "worker" {
  name        = "worker"
  description = "workers"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_egress_rule" "worker_dynamodb" {
  security_group_id = aws_security_group.worker.id
  prefix_list_id    = data.aws_ec2_managed_prefix_list.dynamodb.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  description       = "DynamoDB through the gateway endpoint"
  tags = {
    Name = "dynamodb"
  }
}

resource "aws_vpc_security_group_ingress_rule" "worker_from_app" {
  security_group_id            = aws_security_group.worker.id
  referenced_security_group_id = aws_security_group.app.id
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
}

resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id
  ingress {
    protocol  = -1
    self      = true
    from_port = 0
    to_port   = 0
  }
}

resource "aws_network_acl" "private" {
  vpc_id     = aws_vpc.main.id
  subnet_ids = aws_subnet.private[*].id
  tags = {
    Name = "private"
  }
}

resource "aws_network_acl_rule" "private_https_out" {
  network_acl_id = aws_network_acl.private.id
  rule_number    = 100
  egress         = true
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 443
  to_port        = 443
}

resource "aws_network_acl_rule" "private_return_in" {
  network_acl_id = aws_network_acl.private.id
  rule_number    = 100
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 1024
  to_port        = 65535
}

resource "aws_default_network_acl" "default" {
  default_network_acl_id = aws_vpc.main.default_network_acl_id
  subnet_ids             = [aws_subnet.public.id]
  ingress {
    protocol   = -1
    rule_no    = 100
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
  egress {
    protocol   = -1
    rule_no    = 100
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
}

output "vpc_id" {
  value = aws_vpc.main.id
}

output "default_vpc_id" {
  value = data.aws_vpc.default.id
}

output "s3_endpoint_id" {
  value = aws_vpc_endpoint.s3.id
}

output "s3_prefix_list_cidrs" {
  value = data.aws_prefix_list.s3.cidr_blocks
}

output "dynamodb_prefix_list_entries" {
  value = length(data.aws_ec2_managed_prefix_list.dynamodb.entries)
}

# What `terraform import` is checked with: a fresh configuration holding only this endpoint.
output "import_check" {
  value = {
    address = "aws_vpc_endpoint.imported"
    id      = aws_vpc_endpoint.dynamodb.id
    config  = <<-HCL
      resource "aws_vpc_endpoint" "imported" {
        vpc_id            = "${aws_vpc.main.id}"
        service_name      = "${aws_vpc_endpoint.dynamodb.service_name}"
        vpc_endpoint_type = "Gateway"
        route_table_ids   = ${jsonencode(sort(aws_route_table.private[*].id))}
      }
    HCL
  }
}
