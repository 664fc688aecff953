# Interface endpoints (PrivateLink to AWS services) as the VPC User Guide's "Access an AWS service using an
# interface VPC endpoint" sets them up: DNS support and hostnames on, one subnet per Availability Zone, a security
# group that admits HTTPS from the VPC, private DNS, and subnets and security groups managed by association
# resources on a second endpoint. The VPC is dualstack ("IPv6 support for your VPC"): an Amazon-provided /56, a /64
# per subnet, an egress-only internet gateway for outbound IPv6, and a dualstack S3 interface endpoint.

data "aws_availability_zones" "available" {
  state = "available"
}

data "aws_region" "current" {}

resource "aws_vpc" "main" {
  cidr_block                       = "10.30.0.0/16"
  assign_generated_ipv6_cidr_block = true
  enable_dns_support               = true
  enable_dns_hostnames             = true
  tags = {
    Name = "interface-lab"
  }
}

resource "aws_subnet" "app" {
  count                           = 3
  vpc_id                          = aws_vpc.main.id
  cidr_block                      = "10.30.${count.index}.0/24"
  ipv6_cidr_block                 = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, count.index)
  assign_ipv6_address_on_creation = true
  availability_zone               = data.aws_availability_zones.available.names[count.index]
  tags = {
    Name = "app-${count.index}"
  }
}

resource "aws_security_group" "endpoints" {
  name        = "endpoints"
  description = "HTTPS from the VPC to interface endpoints"
  vpc_id      = aws_vpc.main.id
  ingress {
    description = "HTTPS from the VPC"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.main.cidr_block]
  }
}

resource "aws_egress_only_internet_gateway" "outbound" {
  vpc_id = aws_vpc.main.id
  tags = {
    Name = "outbound-ipv6"
  }
}

resource "aws_route_table" "app" {
  vpc_id = aws_vpc.main.id
  route {
    ipv6_cidr_block        = "::/0"
    egress_only_gateway_id = aws_egress_only_internet_gateway.outbound.id
  }
}

resource "aws_route_table_association" "app" {
  count          = 3
  subnet_id      = aws_subnet.app[count.index].id
  route_table_id = aws_route_table.app.id
}

# AWS: a dualstack endpoint needs subnets with IPv6 blocks and a service that supports IPv6 (S3 does).
resource "aws_vpc_endpoint" "s3_dualstack" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.s3"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [aws_subnet.app[0].id]
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = false
  ip_address_type     = "dualstack"
  dns_options {
    dns_record_ip_type = "dualstack"
  }
}

resource "aws_security_group" "extra" {
  name        = "extra"
  description = "a second group for the association resource"
  vpc_id      = aws_vpc.main.id
}

data "aws_vpc_endpoint_service" "ssm" {
  service      = "ssm"
  service_type = "Interface"
}

data "aws_vpc_endpoint_service" "sts" {
  service_name = "com.amazonaws.${data.aws_region.current.name}.sts"
}

resource "aws_vpc_endpoint" "ssm" {
  vpc_id              = aws_vpc.main.id
  service_name        = data.aws_vpc_endpoint_service.ssm.service_name
  vpc_endpoint_type   = "Interface"
  subnet_ids          = aws_subnet.app[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = true
  ip_address_type     = "ipv4"
  dns_options {
    dns_record_ip_type = "ipv4"
  }
  tags = {
    Name = "ssm"
  }
}

# Subnets and security groups of this one come from the association resources alone.
resource "aws_vpc_endpoint" "sts" {
  vpc_id              = aws_vpc.main.id
  service_name        = data.aws_vpc_endpoint_service.sts.service_name
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = false
}

resource "aws_vpc_endpoint_subnet_association" "sts" {
  count           = 2
  vpc_endpoint_id = aws_vpc_endpoint.sts.id
  subnet_id       = aws_subnet.app[count.index].id
}

resource "aws_vpc_endpoint_security_group_association" "sts" {
  vpc_endpoint_id             = aws_vpc_endpoint.sts.id
  security_group_id           = aws_security_group.endpoints.id
  replace_default_association = true
}

resource "aws_vpc_endpoint_security_group_association" "sts_extra" {
  vpc_endpoint_id   = aws_vpc_endpoint.sts.id
  security_group_id = aws_security_group.extra.id
  depends_on        = [aws_vpc_endpoint_security_group_association.sts]
}

data "aws_vpc_endpoint" "ssm" {
  id = aws_vpc_endpoint.ssm.id
}

data "aws_vpc_endpoint" "by_service" {
  vpc_id       = aws_vpc.main.id
  service_name = aws_vpc_endpoint.ssm.service_name
  depends_on   = [aws_vpc_endpoint.ssm]
}

data "aws_network_interface" "ssm_first" {
  id = sort(tolist(aws_vpc_endpoint.ssm.network_interface_ids))[0]
}

output "ssm_dns_entries" {
  value = aws_vpc_endpoint.ssm.dns_entry[*].dns_name
}

output "ssm_eni_count" {
  value = length(aws_vpc_endpoint.ssm.network_interface_ids)
}

output "ssm_eni_private_ip" {
  value = data.aws_network_interface.ssm_first.private_ip
}

output "ssm_lookup_state" {
  value = data.aws_vpc_endpoint.by_service.state
}

output "s3_dualstack_eni" {
  value = sort(tolist(aws_vpc_endpoint.s3_dualstack.network_interface_ids))[0]
}

output "ssm_azs" {
  value = data.aws_vpc_endpoint_service.ssm.availability_zones
}

output "import_check" {
  value = {
    address = "aws_vpc_endpoint.imported"
    id      = aws_vpc_endpoint.ssm.id
    config  = <<-HCL
      resource "aws_vpc_endpoint" "imported" {
        vpc_id              = "${aws_vpc.main.id}"
        service_name        = "${aws_vpc_endpoint.ssm.service_name}"
        vpc_endpoint_type   = "Interface"
        subnet_ids          = ${jsonencode(sort(aws_subnet.app[*].id))}
        security_group_ids  = ["${aws_security_group.endpoints.id}"]
        private_dns_enabled = true
        ip_address_type     = "ipv4"
        dns_options {
          dns_record_ip_type = "ipv4"
        }
        tags = {
          Name = "ssm"
        }
      }
    HCL
  }
}
