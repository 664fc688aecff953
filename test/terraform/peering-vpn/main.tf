# Peering across two accounts and a virtual private gateway, the two ways traffic reaches a VPC that a gateway
# endpoint does not serve (AWS: "Gateway endpoints ... are not reachable over peering, VPN or Direct Connect"),
# so interface endpoints are what on-premises and peered networks use.

data "aws_caller_identity" "peer" {
  provider = aws.peer
}

resource "aws_vpc" "hub" {
  cidr_block = "10.40.0.0/16"
  tags = {
    Name = "hub"
  }
}

resource "aws_vpc" "spoke" {
  provider   = aws.peer
  cidr_block = "10.41.0.0/16"
  tags = {
    Name = "spoke"
  }
}

resource "aws_route_table" "hub" {
  vpc_id = aws_vpc.hub.id
}

resource "aws_route_table" "spoke" {
  provider = aws.peer
  vpc_id   = aws_vpc.spoke.id
}

resource "aws_vpc_peering_connection" "hub_spoke" {
  vpc_id        = aws_vpc.hub.id
  peer_vpc_id   = aws_vpc.spoke.id
  peer_owner_id = data.aws_caller_identity.peer.account_id
  tags = {
    Side = "requester"
  }
}

resource "aws_vpc_peering_connection_accepter" "spoke" {
  provider                  = aws.peer
  vpc_peering_connection_id = aws_vpc_peering_connection.hub_spoke.id
  auto_accept               = true
  tags = {
    Side = "accepter"
  }
}

resource "aws_route" "hub_to_spoke" {
  route_table_id            = aws_route_table.hub.id
  destination_cidr_block    = aws_vpc.spoke.cidr_block
  vpc_peering_connection_id = aws_vpc_peering_connection_accepter.spoke.id
}

resource "aws_route" "spoke_to_hub" {
  provider                  = aws.peer
  route_table_id            = aws_route_table.spoke.id
  destination_cidr_block    = aws_vpc.hub.cidr_block
  vpc_peering_connection_id = aws_vpc_peering_connection_accepter.spoke.id
}

resource "aws_vpn_gateway" "onprem" {
  amazon_side_asn = 64512
  tags = {
    Name = "onprem"
  }
}

resource "aws_vpn_gateway_attachment" "hub" {
  vpc_id         = aws_vpc.hub.id
  vpn_gateway_id = aws_vpn_gateway.onprem.id
}

resource "aws_vpn_gateway_route_propagation" "hub" {
  vpn_gateway_id = aws_vpn_gateway_attachment.hub.vpn_gateway_id
  route_table_id = aws_route_table.hub.id
}

resource "aws_route" "hub_to_onprem" {
  route_table_id         = aws_route_table.hub.id
  destination_cidr_block = "192.168.0.0/16"
  gateway_id             = aws_vpn_gateway_attachment.hub.vpn_gateway_id
}

# Interface endpoints are what peered and on-premises networks reach; one sits in the hub.
resource "aws_subnet" "hub" {
  vpc_id     = aws_vpc.hub.id
  cidr_block = "10.40.1.0/24"
}

resource "aws_vpc_endpoint" "hub_sts" {
  vpc_id            = aws_vpc.hub.id
  service_name      = "com.amazonaws.us-east-1.sts"
  vpc_endpoint_type = "Interface"
  subnet_ids        = [aws_subnet.hub.id]
}

output "peering_status" {
  value = aws_vpc_peering_connection_accepter.spoke.accept_status
}

output "peering_id" {
  value = aws_vpc_peering_connection.hub_spoke.id
}

output "hub_route_table_id" {
  value = aws_route_table.hub.id
}

output "vgw_id" {
  value = aws_vpn_gateway.onprem.id
}

output "import_check" {
  value = {
    address = "aws_vpc_endpoint.imported"
    id      = aws_vpc_endpoint.hub_sts.id
    config  = <<-HCL
      resource "aws_vpc_endpoint" "imported" {
        vpc_id            = "${aws_vpc.hub.id}"
        service_name      = "com.amazonaws.us-east-1.sts"
        vpc_endpoint_type = "Interface"
        subnet_ids        = ["${aws_subnet.hub.id}"]
      }
    HCL
  }
}
