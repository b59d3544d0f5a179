package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdkhawebapp.AppSource;
import io.github.cdkhawebapp.AppSourceKind;
import io.github.cdkhawebapp.AuroraOptions;
import io.github.cdkhawebapp.ContainerImageOptions;
import io.github.cdkhawebapp.DatabaseDeployment;
import io.github.cdkhawebapp.DatabaseEngine;
import io.github.cdkhawebapp.DatabaseEngineFamily;
import io.github.cdkhawebapp.DatabaseTopology;
import io.github.cdkhawebapp.HighlyAvailableWebApp;
import io.github.cdkhawebapp.LoadBalancerExposure;
import io.github.cdkhawebapp.WebAppCacheOptions;
import io.github.cdkhawebapp.WebAppDatabaseOptions;
import io.github.cdkhawebapp.WebAppNetworkOptions;
import io.github.cdkhawebapp.WebAppTierOptions;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.jsii.JsiiException;
import software.constructs.IConstruct;

/**
 * HighlyAvailableWebApp used from Java through the jar that jsii-pacmak built, as a user would. The numbers mirror
 * the TypeScript tests (test/highly-available-web-app.test.ts, test/data/web-app-database.test.ts,
 * test/compute/app-source.test.ts).
 */
class HighlyAvailableWebAppTest {
  static final String ACCOUNT = "123456789012";
  static final String REGION = "us-east-1";
  static final String ZONE_ID = "Z0123456789ABCDEFGHIJ";

  static Stack newStack() {
    App app = new App(AppProps.builder()
        .context(Map.of("availability-zones:account=" + ACCOUNT + ":region=" + REGION, List.of("us-east-1a", "us-east-1b", "us-east-1c")))
        .build());
    return new Stack(app, "TestStack", StackProps.builder()
        .env(Environment.builder().account(ACCOUNT).region(REGION).build())
        .build());
  }

  static String logicalId(Stack stack, IConstruct construct) {
    return stack.getLogicalId((CfnElement) construct.getNode().getDefaultChild());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> distributionConfig(Template template) {
    List<Map<String, Object>> distributions = List.copyOf(template.findResources("AWS::CloudFront::Distribution").values());
    assertEquals(1, distributions.size());
    Map<String, Object> properties = (Map<String, Object>) distributions.get(0).get("Properties");
    return (Map<String, Object>) properties.get("DistributionConfig");
  }

  @SuppressWarnings("unchecked")
  static String userData(Template template) {
    List<Map<String, Object>> launchTemplates = List.copyOf(template.findResources("AWS::EC2::LaunchTemplate").values());
    assertEquals(1, launchTemplates.size());
    Map<String, Object> properties = (Map<String, Object>) launchTemplates.get(0).get("Properties");
    return String.valueOf(((Map<String, Object>) properties.get("LaunchTemplateData")).get("UserData"));
  }

  /** Numbers from jsii arrive as Integer or Double, by value: compare them as ints. */
  static void assertNumber(int expected, Number actual) {
    assertEquals(expected, actual.intValue());
    assertEquals((double) expected, actual.doubleValue());
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class DefaultStack {
    Stack stack;
    HighlyAvailableWebApp webApp;
    Template template;

    @BeforeAll
    void synth() {
      stack = newStack();
      webApp = new HighlyAvailableWebApp(stack, "WebApp");
      template = Template.fromStack(stack);
    }

    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({
        "AWS::EC2::VPC, 1",
        "AWS::EC2::NatGateway, 3",
        "AWS::EC2::Subnet, 9",
        "AWS::ElasticLoadBalancingV2::LoadBalancer, 1",
        "AWS::AutoScaling::AutoScalingGroup, 1",
        "AWS::RDS::DBInstance, 2",
        "AWS::RDS::DBCluster, 0",
        "AWS::ElastiCache::ReplicationGroup, 1",
        "AWS::CloudFront::Distribution, 1",
        "AWS::CloudFront::VpcOrigin, 1",
        "AWS::WAFv2::WebACL, 1",
        "AWS::CloudWatch::Alarm, 20",
        "AWS::Lambda::Function, 1",
        "AWS::Route53::RecordSet, 0",
        "AWS::CertificateManager::Certificate, 0",
    })
    void resourceCounts(String type, int count) {
      template.resourceCountIs(type, count);
    }

    @Test
    void multiAzPostgresWithAReadReplica() {
      template.hasResourceProperties("AWS::RDS::DBInstance", Map.of("Engine", "postgres", "MultiAZ", true, "StorageEncrypted", true));
      assertEquals(1, webApp.getDatabase().getReadReplicas().size());
      assertNumber(5432, webApp.getDatabase().getPort());
      assertEquals(DatabaseEngineFamily.POSTGRESQL, webApp.getDatabase().getEngine().getFamily());
      assertEquals(DatabaseDeployment.MULTI_AZ_INSTANCE, webApp.getDatabase().getTopology().getDeployment());
    }

    @Test
    void twoToSixInstancesBehindAnInternalLoadBalancer() {
      template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of("MinSize", "2", "MaxSize", "6"));
      template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of("Scheme", "internal"));
      assertNumber(2, webApp.getAppTier().getMinCapacity());
      assertEquals(LoadBalancerExposure.INTERNAL, webApp.getAppTier().getLoadBalancerExposure());
    }

    @Test
    void theCloudFrontWebAclProtectsTheDistribution() {
      template.hasResourceProperties("AWS::WAFv2::WebACL", Map.of("Scope", "CLOUDFRONT"));
      String webAclId = stack.getLogicalId(webApp.getEdge().getFirewall().getWebAcl());
      assertEquals(Map.of("Fn::GetAtt", List.of(webAclId, "Arn")), distributionConfig(template).get("WebACLId"));
    }

    @Test
    void theUrlIsTheDistributions() {
      String distributionId = logicalId(stack, webApp.getDistribution());
      assertEquals(
          Map.of("Fn::Join", List.of("", List.of("https://", Map.of("Fn::GetAtt", List.of(distributionId, "DomainName"))))),
          stack.resolve(webApp.getUrl()));
    }

    @Test
    void theInstancesGetTheDatabasePort() {
      assertTrue(userData(template).contains("DB_PORT=5432"));
    }
  }

  /**
   * A custom domain, a smaller network, Aurora MySQL, an internet-facing load balancer and a container image:
   * enums, structs (builders) and static factory methods of both libraries cross the boundary.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class ConfiguredStack {
    Stack stack;
    HighlyAvailableWebApp webApp;
    Template template;

    @BeforeAll
    void synth() {
      stack = newStack();
      webApp = HighlyAvailableWebApp.Builder.create(stack, "WebApp")
          .domainName("www.example.com")
          .hostedZone(HostedZone.fromHostedZoneAttributes(stack, "Zone",
              HostedZoneAttributes.builder().hostedZoneId(ZONE_ID).zoneName("example.com").build()))
          .network(WebAppNetworkOptions.builder().maxAzs(2).natGateways(1).build())
          .appTier(WebAppTierOptions.builder()
              .loadBalancerExposure(LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST)
              .minCapacity(3)
              .maxCapacity(9)
              .instanceType(InstanceType.of(InstanceClass.T3, InstanceSize.MEDIUM))
              .appSource(AppSource.containerImage(ContainerImageOptions.builder()
                  .repository(Repository.fromRepositoryName(stack, "Repo", "app"))
                  .tag("v1.2.3")
                  .containerPort(3000)
                  .environment(Map.of("NODE_ENV", "production"))
                  .build()))
              .build())
          .database(WebAppDatabaseOptions.builder()
              .engine(DatabaseEngine.mysql())
              .topology(DatabaseTopology.aurora(AuroraOptions.builder().readers(2).build()))
              .build())
          .cache(WebAppCacheOptions.builder().port(6380).build())
          .build();
      template = Template.fromStack(stack);
    }

    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({
        "AWS::EC2::NatGateway, 1",
        "AWS::EC2::Subnet, 6",
        "AWS::RDS::DBCluster, 1",
        "AWS::RDS::DBInstance, 3",
        "AWS::CloudFront::VpcOrigin, 0",
        "AWS::WAFv2::WebACL, 1",
        "AWS::CertificateManager::Certificate, 2",
    })
    void resourceCounts(String type, int count) {
      template.resourceCountIs(type, count);
    }

    @Test
    void auroraMysqlWithTwoReaders() {
      template.hasResourceProperties("AWS::RDS::DBCluster", Map.of("Engine", "aurora-mysql", "StorageEncrypted", true));
      assertEquals(DatabaseDeployment.AURORA, webApp.getDatabase().getTopology().getDeployment());
      assertNumber(2, webApp.getDatabase().getTopology().getReaders());
      assertEquals(DatabaseEngineFamily.MYSQL, webApp.getDatabase().getEngine().getFamily());
      assertNumber(3306, webApp.getDatabase().getPort());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theNetworkAclAdmitsTheDatabaseAndCachePorts() {
      TreeSet<Integer> ports = new TreeSet<>();
      for (Map<String, Object> entry : template.findResources("AWS::EC2::NetworkAclEntry", Map.of("Properties", Map.of("Egress", false))).values()) {
        Map<String, Object> range = (Map<String, Object>) ((Map<String, Object>) entry.get("Properties")).get("PortRange");
        ports.add(((Number) range.get("From")).intValue());
      }
      // 1024 is the return traffic's ephemeral range; the rest are the data ports.
      ports.remove(1024);
      assertEquals(List.of(3306, 6380), List.copyOf(ports));
    }

    @Test
    void threeToNineT3MediumInstancesRunTheContainer() {
      template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of("MinSize", "3", "MaxSize", "9"));
      template.hasResourceProperties("AWS::EC2::LaunchTemplate",
          Map.of("LaunchTemplateData", Match.objectLike(Map.of("InstanceType", "t3.medium"))));
      String userData = userData(template);
      assertTrue(userData.contains("CONTAINER_PORT='3000'"), userData);
      assertTrue(userData.contains("NODE_ENV=production"), userData);
      assertNumber(3, webApp.getAppTier().getMinCapacity());
    }

    @Test
    void theInternetFacingLoadBalancerIsReachedAtTheOriginName() {
      template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of("Scheme", "internet-facing"));
      assertEquals(LoadBalancerExposure.CLOUDFRONT_PREFIX_LIST, webApp.getAppTier().getLoadBalancerExposure());
      assertEquals("origin.www.example.com", webApp.getOriginDomainName());
      assertNotNull(webApp.getAppTier().getOriginSecret());
    }

    @Test
    void theDomainGetsCertificatesAndRecordsInTheImportedZone() {
      for (String name : List.of("www.example.com", "origin.www.example.com")) {
        template.hasResourceProperties("AWS::CertificateManager::Certificate", Map.of("DomainName", name, "ValidationMethod", "DNS"));
      }
      for (String recordType : List.of("A", "AAAA")) {
        template.hasResourceProperties("AWS::Route53::RecordSet",
            Map.of("Name", "www.example.com.", "Type", recordType, "HostedZoneId", ZONE_ID));
      }
      Map<String, Object> config = distributionConfig(template);
      assertEquals(List.of("www.example.com"), config.get("Aliases"));
      assertEquals(Map.of("Fn::GetAtt", List.of(stack.getLogicalId(webApp.getEdge().getFirewall().getWebAcl()), "Arn")), config.get("WebACLId"));
      assertEquals("https://www.example.com", webApp.getUrl());
    }
  }

  @Test
  void appSourceFactoriesReturnTheirKind() {
    Stack stack = newStack();
    AppSource image = AppSource.containerImage(ContainerImageOptions.builder()
        .repository(Repository.fromRepositoryName(stack, "Repo", "app")).build());
    assertEquals(AppSourceKind.CONTAINER_IMAGE, image.getKind());
    assertEquals(AppSourceKind.COMMANDS, AppSource.commands(List.of("systemctl enable --now app")).getKind());
    assertEquals(AppSourceKind.SAMPLE_APP, AppSource.sampleApp().getKind());
  }

  @Test
  void invalidPropsRaiseTheLibrarysError() {
    Stack stack = newStack();
    JsiiException error = assertThrows(JsiiException.class, () ->
        HighlyAvailableWebApp.Builder.create(stack, "WebApp").appTier(WebAppTierOptions.builder().minCapacity(1).build()).build());
    assertTrue(error.getMessage().contains("TestStack/WebApp: invalid appTier.minCapacity (1)"), error.getMessage());
  }
}
