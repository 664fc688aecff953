# PrivateLink across two accounts, as "Share your services through AWS PrivateLink" describes it: the provider
# account runs instances behind an internal Network Load Balancer and offers it as an endpoint service that needs
# acceptance; the consumer account (the `peer` alias) creates an interface endpoint to it, which the provider
# accepts.

data "aws_availability_zones" "available" {
  state = "available"
}

data "aws_caller_identity" "consumer" {
  provider = aws.peer
}

data "aws_ami" "al2023" {
  most_recent = true
  owners      = ["amazon"]
  filter {
    name   = "name"
    values = ["al2023-ami-2023*-x86_64"]
  }
  filter {
    name   = "architecture"
    values = ["x86_64"]
  }
}

# --- provider account ---

resource "aws_vpc" "service" {
  cidr_block           = "10.50.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_subnet" "service" {
  count             = 2
  vpc_id            = aws_vpc.service.id
  cidr_block        = "10.50.${count.index}.0/24"
  availability_zone = data.aws_availability_zones.available.names[count.index]
}

resource "aws_security_group" "app" {
  name        = "app"
  description = "app servers behind the NLB"
  vpc_id      = aws_vpc.service.id
  ingress {
    from_port   = 8443
    to_port     = 8443
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.service.cidr_block]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

data "aws_iam_policy_document" "assume_ec2" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "app" {
  name               = "privatelink-app"
  assume_role_policy = data.aws_iam_policy_document.assume_ec2.json
}

resource "aws_iam_instance_profile" "app" {
  name = "privatelink-app"
  role = aws_iam_role.app.name
}

resource "aws_instance" "app" {
  ami                         = data.aws_ami.al2023.id
  instance_type               = "t3.micro"
  subnet_id                   = aws_subnet.service[0].id
  vpc_security_group_ids      = [aws_security_group.app.id]
  iam_instance_profile        = aws_iam_instance_profile.app.name
  associate_public_ip_address = false
  user_data                   = "#!/bin/sh\necho serving on 8443\n"
  tags = {
    Name = "app"
  }
}

resource "aws_lb" "service" {
  name               = "service-nlb"
  internal           = true
  load_balancer_type = "network"
  subnets            = aws_subnet.service[*].id
  tags = {
    Name = "service-nlb"
  }
}

resource "aws_lb_target_group" "instances" {
  name        = "app-instances"
  port        = 8443
  protocol    = "TCP"
  target_type = "instance"
  vpc_id      = aws_vpc.service.id
  health_check {
    protocol            = "TCP"
    port                = "traffic-port"
    interval            = 10
    timeout             = 5 # AWS: the timeout must be smaller than the interval (TCP's default is 10)
    healthy_threshold   = 3
    unhealthy_threshold = 3
  }
}

resource "aws_lb_target_group" "ips" {
  name        = "app-ips"
  port        = 8443
  protocol    = "TCP"
  target_type = "ip"
  vpc_id      = aws_vpc.service.id
  health_check {
    protocol = "HTTP"
    path     = "/healthz"
    matcher  = "200-399"
  }
}

resource "aws_lb_target_group_attachment" "app" {
  target_group_arn = aws_lb_target_group.instances.arn
  target_id        = aws_instance.app.id
  port             = 8443
}

resource "aws_lb_target_group_attachment" "app_ip" {
  target_group_arn = aws_lb_target_group.ips.arn
  target_id        = aws_instance.app.private_ip
  port             = 8443
}

resource "aws_lb_listener" "tls" {
  load_balancer_arn = aws_lb.service.arn
  port              = 443
  protocol          = "TCP"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.instances.arn
  }
}

resource "aws_lb_listener" "alt" {
  load_balancer_arn = aws_lb.service.arn
  port              = 8443
  protocol          = "TCP"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.ips.arn
  }
}

resource "aws_vpc_endpoint_service" "app" {
  acceptance_required        = true
  network_load_balancer_arns = [aws_lb.service.arn]
  tags = {
    Name = "app"
  }
}

resource "aws_vpc_endpoint_service_allowed_principal" "consumer" {
  vpc_endpoint_service_id = aws_vpc_endpoint_service.app.id
  principal_arn           = "arn:aws:iam::${data.aws_caller_identity.consumer.account_id}:root"
}

resource "aws_vpc_endpoint_connection_notification" "app" {
  vpc_endpoint_service_id     = aws_vpc_endpoint_service.app.id
  connection_notification_arn = "arn:aws:sns:us-east-1:111111111111:endpoint-events"
  connection_events           = ["Accept", "Reject", "Connect"]
}

# --- consumer account ---

resource "aws_vpc" "consumer" {
  provider             = aws.peer
  cidr_block           = "10.60.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_subnet" "consumer" {
  provider   = aws.peer
  vpc_id     = aws_vpc.consumer.id
  cidr_block = "10.60.1.0/24"
  # AWS: zone names map to zone IDs differently per account, so the consumer picks by the zone ID the NLB uses.
  availability_zone_id = aws_subnet.service[0].availability_zone_id
}

resource "aws_security_group" "consumer" {
  provider    = aws.peer
  name        = "to-app"
  description = "clients of the app service"
  vpc_id      = aws_vpc.consumer.id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.consumer.cidr_block]
  }
}

resource "aws_vpc_endpoint" "app" {
  provider           = aws.peer
  vpc_id             = aws_vpc.consumer.id
  service_name       = aws_vpc_endpoint_service.app.service_name
  vpc_endpoint_type  = "Interface"
  subnet_ids         = [aws_subnet.consumer.id]
  security_group_ids = [aws_security_group.consumer.id]
  depends_on         = [aws_vpc_endpoint_service_allowed_principal.consumer]
}

resource "aws_vpc_endpoint_connection_accepter" "app" {
  vpc_endpoint_service_id = aws_vpc_endpoint_service.app.id
  vpc_endpoint_id         = aws_vpc_endpoint.app.id
}

output "service_name" {
  value = aws_vpc_endpoint_service.app.service_name
}

output "connection_state" {
  value = aws_vpc_endpoint_connection_accepter.app.vpc_endpoint_state
}

output "consumer_endpoint_id" {
  value = aws_vpc_endpoint.app.id
}

output "instance_id" {
  value = aws_instance.app.id
}

output "import_check" {
  value = {
    address = "aws_vpc_endpoint_service.imported"
    id      = aws_vpc_endpoint_service.app.id
    config  = <<-HCL
      resource "aws_vpc_endpoint_service" "imported" {
        acceptance_required        = true
        network_load_balancer_arns = ["${aws_lb.service.arn}"]
        allowed_principals         = ["arn:aws:iam::${data.aws_caller_identity.consumer.account_id}:root"]
        tags = {
          Name = "app"
        }
      }
    HCL
  }
}
