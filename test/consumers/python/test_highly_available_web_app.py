"""HighlyAvailableWebApp used from Python through the wheel that jsii-pacmak built, as a user would.

The numbers mirror the TypeScript tests (test/highly-available-web-app.test.ts, test/data/web-app-database.test.ts,
test/compute/app-source.test.ts): the same construct seen through the jsii boundary must synthesize the same stack.
"""
import json

import pytest
from aws_cdk import App, Environment, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_route53 as route53
from aws_cdk.assertions import Match, Template

from cdk_ha_web_app import (
    AppSource,
    AppSourceKind,
    DatabaseDeployment,
    DatabaseEngine,
    DatabaseEngineFamily,
    DatabaseTopology,
    HighlyAvailableWebApp,
    LoadBalancerExposure,
    WebAppCacheOptions,
    WebAppDatabaseOptions,
    WebAppNetworkOptions,
    WebAppTierOptions,
)

ACCOUNT = "123456789012"
REGION = "us-east-1"
AZS = ["us-east-1a", "us-east-1b", "us-east-1c"]
ZONE_ID = "Z0123456789ABCDEFGHIJ"


def new_stack() -> Stack:
    app = App(context={f"availability-zones:account={ACCOUNT}:region={REGION}": AZS})
    return Stack(app, "TestStack", env=Environment(account=ACCOUNT, region=REGION))


def logical_id(stack: Stack, construct) -> str:
    return stack.get_logical_id(construct.node.default_child)


def distribution_config(template: Template) -> dict:
    distributions = list(template.find_resources("AWS::CloudFront::Distribution").values())
    assert len(distributions) == 1
    return distributions[0]["Properties"]["DistributionConfig"]


def user_data(template: Template) -> str:
    launch_templates = list(template.find_resources("AWS::EC2::LaunchTemplate").values())
    assert len(launch_templates) == 1
    return json.dumps(launch_templates[0]["Properties"]["LaunchTemplateData"]["UserData"])


# ---- the default stack: everything at its defaults ----

@pytest.fixture(scope="module")
def default():
    stack = new_stack()
    web_app = HighlyAvailableWebApp(stack, "WebApp")
    return stack, web_app, Template.from_stack(stack)


@pytest.mark.parametrize("resource_type,count", [
    ("AWS::EC2::VPC", 1),
    ("AWS::EC2::NatGateway", 3),
    ("AWS::EC2::Subnet", 9),
    ("AWS::ElasticLoadBalancingV2::LoadBalancer", 1),
    ("AWS::AutoScaling::AutoScalingGroup", 1),
    ("AWS::RDS::DBInstance", 2),
    ("AWS::RDS::DBCluster", 0),
    ("AWS::ElastiCache::ReplicationGroup", 1),
    ("AWS::CloudFront::Distribution", 1),
    ("AWS::CloudFront::VpcOrigin", 1),
    ("AWS::WAFv2::WebACL", 1),
    ("AWS::CloudWatch::Alarm", 20),
    ("AWS::Lambda::Function", 1),
    ("AWS::Route53::RecordSet", 0),
    ("AWS::CertificateManager::Certificate", 0),
])
def test_default_resource_counts(default, resource_type, count):
    _, _, template = default
    template.resource_count_is(resource_type, count)


def test_default_is_multi_az_postgres_with_a_read_replica(default):
    _, web_app, template = default
    template.has_resource_properties("AWS::RDS::DBInstance", {"Engine": "postgres", "MultiAZ": True, "StorageEncrypted": True})
    assert len(web_app.database.read_replicas) == 1
    assert web_app.database.port == 5432
    assert web_app.database.engine.family == DatabaseEngineFamily.POSTGRESQL
    assert web_app.database.topology.deployment == DatabaseDeployment.MULTI_AZ_INSTANCE


def test_default_runs_two_to_six_instances_behind_an_internal_load_balancer(default):
    _, web_app, template = default
    template.has_resource_properties("AWS::AutoScaling::AutoScalingGroup", {"MinSize": "2", "MaxSize": "6"})
    template.has_resource_properties("AWS::ElasticLoadBalancingV2::LoadBalancer", {"Scheme": "internal"})
    assert web_app.app_tier.min_capacity == 2
    assert web_app.app_tier.load_balancer_exposure == LoadBalancerExposure.INTERNAL


def test_default_distribution_is_protected_by_the_cloudfront_webacl(default):
    stack, web_app, template = default
    template.has_resource_properties("AWS::WAFv2::WebACL", {"Scope": "CLOUDFRONT"})
    web_acl_id = stack.get_logical_id(web_app.edge.firewall.web_acl)
    assert distribution_config(template)["WebACLId"] == {"Fn::GetAtt": [web_acl_id, "Arn"]}


def test_default_url_is_the_distributions(default):
    stack, web_app, _ = default
    distribution_id = logical_id(stack, web_app.distribution)
    assert stack.resolve(web_app.url) == {"Fn::Join": ["", ["https://", {"Fn::GetAtt": [distribution_id, "DomainName"]}]]}


def test_default_instances_get_the_database_port(default):
    _, _, template = default
    assert "DB_PORT=5432" in user_data(template)


# ---- a configured stack: a custom domain, a smaller network, Aurora MySQL, an internet-facing load balancer
# and a container image (enums, structs and static factory methods of both libraries cross the boundary) ----

@pytest.fixture(scope="module")
def configured():
    stack = new_stack()
    zone = route53.HostedZone.from_hosted_zone_attributes(stack, "Zone", hosted_zone_id=ZONE_ID, zone_name="example.com")
    web_app = HighlyAvailableWebApp(
        stack, "WebApp",
        domain_name="www.example.com",
        hosted_zone=zone,
        network=WebAppNetworkOptions(max_azs=2, nat_gateways=1),
        app_tier=WebAppTierOptions(
            load_balancer_exposure=LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST,
            min_capacity=3,
            max_capacity=9,
            instance_type=ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MEDIUM),
            app_source=AppSource.container_image(
                repository=ecr.Repository.from_repository_name(stack, "Repo", "app"),
                tag="v1.2.3",
                container_port=3000,
                environment={"NODE_ENV": "production"},
            ),
        ),
        database=WebAppDatabaseOptions(engine=DatabaseEngine.mysql(), topology=DatabaseTopology.aurora(readers=2)),
        cache=WebAppCacheOptions(port=6380),
    )
    return stack, web_app, Template.from_stack(stack)


@pytest.mark.parametrize("resource_type,count", [
    ("AWS::EC2::NatGateway", 1),
    ("AWS::EC2::Subnet", 6),
    ("AWS::RDS::DBCluster", 1),
    ("AWS::RDS::DBInstance", 3),
    ("AWS::CloudFront::VpcOrigin", 0),
    ("AWS::WAFv2::WebACL", 1),
    ("AWS::CertificateManager::Certificate", 2),
])
def test_configured_resource_counts(configured, resource_type, count):
    _, _, template = configured
    template.resource_count_is(resource_type, count)


def test_configured_database_is_aurora_mysql_with_two_readers(configured):
    _, web_app, template = configured
    template.has_resource_properties("AWS::RDS::DBCluster", {"Engine": "aurora-mysql", "StorageEncrypted": True})
    assert web_app.database.topology.deployment == DatabaseDeployment.AURORA
    assert web_app.database.topology.readers == 2
    assert web_app.database.engine.family == DatabaseEngineFamily.MYSQL
    assert web_app.database.port == 3306


def test_configured_network_acl_admits_the_database_and_cache_ports(configured):
    _, _, template = configured
    entries = template.find_resources("AWS::EC2::NetworkAclEntry", {"Properties": {"Egress": False}})
    # 1024 is the return traffic's ephemeral range; the rest are the data ports.
    ports = sorted({entry["Properties"]["PortRange"]["From"] for entry in entries.values()} - {1024})
    assert ports == [3306, 6380]


def test_configured_runs_three_to_nine_t3_medium_instances_with_the_container(configured):
    _, web_app, template = configured
    template.has_resource_properties("AWS::AutoScaling::AutoScalingGroup", {"MinSize": "3", "MaxSize": "9"})
    template.has_resource_properties("AWS::EC2::LaunchTemplate", {
        "LaunchTemplateData": Match.object_like({"InstanceType": "t3.medium"}),
    })
    data = user_data(template)
    assert "CONTAINER_PORT='3000'" in data
    assert "NODE_ENV=production" in data
    assert web_app.app_tier.min_capacity == 3


def test_configured_load_balancer_is_internet_facing_at_the_origin_name(configured):
    _, web_app, template = configured
    template.has_resource_properties("AWS::ElasticLoadBalancingV2::LoadBalancer", {"Scheme": "internet-facing"})
    assert web_app.app_tier.load_balancer_exposure == LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST
    assert web_app.origin_domain_name == "origin.www.example.com"
    assert web_app.app_tier.origin_secret is not None


def test_configured_domain_gets_certificates_and_records_in_the_imported_zone(configured):
    stack, web_app, template = configured
    for name in ["www.example.com", "origin.www.example.com"]:
        template.has_resource_properties("AWS::CertificateManager::Certificate", {"DomainName": name, "ValidationMethod": "DNS"})
    for record_type in ["A", "AAAA"]:
        template.has_resource_properties("AWS::Route53::RecordSet", {"Name": "www.example.com.", "Type": record_type, "HostedZoneId": ZONE_ID})
    config = distribution_config(template)
    assert config["Aliases"] == ["www.example.com"]
    assert config["WebACLId"] == {"Fn::GetAtt": [stack.get_logical_id(web_app.edge.firewall.web_acl), "Arn"]}
    assert web_app.url == "https://www.example.com"


def test_app_source_factories_return_their_kind():
    stack = new_stack()
    image = AppSource.container_image(repository=ecr.Repository.from_repository_name(stack, "Repo", "app"))
    assert image.kind == AppSourceKind.CONTAINER_IMAGE
    assert AppSource.commands(["systemctl enable --now app"]).kind == AppSourceKind.COMMANDS
    assert AppSource.sample_app().kind == AppSourceKind.SAMPLE_APP


def test_invalid_props_raise_the_librarys_error():
    stack = new_stack()
    with pytest.raises(Exception, match=r"TestStack/WebApp: invalid appTier\.minCapacity \(1\)"):
        HighlyAvailableWebApp(stack, "WebApp", app_tier=WebAppTierOptions(min_capacity=1))
