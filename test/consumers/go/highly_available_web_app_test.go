// HighlyAvailableWebApp used from Go through the module that jsii-pacmak built, as a user would. The numbers mirror
// the TypeScript tests (test/highly-available-web-app.test.ts, test/data/web-app-database.test.ts,
// test/compute/app-source.test.ts).
package consumer

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecr"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsroute53"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk-ha-web-app/cdk-ha-web-app-go/cdkhawebapp"
)

const (
	account = "123456789012"
	region  = "us-east-1"
	zoneID  = "Z0123456789ABCDEFGHIJ"
)

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

func newStack() awscdk.Stack {
	app := awscdk.NewApp(&awscdk.AppProps{
		Context: &map[string]interface{}{
			fmt.Sprintf("availability-zones:account=%s:region=%s", account, region): []string{"us-east-1a", "us-east-1b", "us-east-1c"},
		},
	})
	return awscdk.NewStack(app, jsii.String("TestStack"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String(account), Region: jsii.String(region)},
	})
}

// check runs an assertion of aws-cdk-lib, which panics with the assertion's message when it fails, as a test error.
func check(t *testing.T, assertion func()) {
	t.Helper()
	defer func() {
		if failure := recover(); failure != nil {
			t.Errorf("%v", failure)
		}
	}()
	assertion()
}

func expectEqual(t *testing.T, expected, actual interface{}) {
	t.Helper()
	if !reflect.DeepEqual(expected, actual) {
		t.Errorf("expected %#v, got %#v", expected, actual)
	}
}

func resourceCounts(t *testing.T, template assertions.Template, counts map[string]float64) {
	types := make([]string, 0, len(counts))
	for resourceType := range counts {
		types = append(types, resourceType)
	}
	sort.Strings(types)
	for _, resourceType := range types {
		count := counts[resourceType]
		t.Run(fmt.Sprintf("%s x %v", resourceType, count), func(t *testing.T) {
			check(t, func() { template.ResourceCountIs(jsii.String(resourceType), jsii.Number(count)) })
		})
	}
}

func onlyResource(t *testing.T, template assertions.Template, resourceType string) map[string]interface{} {
	t.Helper()
	resources := *template.FindResources(jsii.String(resourceType), nil)
	if len(resources) != 1 {
		t.Fatalf("expected one %s, got %d", resourceType, len(resources))
	}
	for _, resource := range resources {
		return (*resource)["Properties"].(map[string]interface{})
	}
	return nil
}

func distributionConfig(t *testing.T, template assertions.Template) map[string]interface{} {
	return onlyResource(t, template, "AWS::CloudFront::Distribution")["DistributionConfig"].(map[string]interface{})
}

func userData(t *testing.T, template assertions.Template) string {
	data, err := json.Marshal(onlyResource(t, template, "AWS::EC2::LaunchTemplate")["LaunchTemplateData"].(map[string]interface{})["UserData"])
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func getAtt(logicalID *string, attribute string) map[string]interface{} {
	return map[string]interface{}{"Fn::GetAtt": []interface{}{*logicalID, attribute}}
}

func TestDefaultStack(t *testing.T) {
	stack := newStack()
	webApp := cdkhawebapp.NewHighlyAvailableWebApp(stack, jsii.String("WebApp"), nil)
	template := assertions.Template_FromStack(stack, nil)

	resourceCounts(t, template, map[string]float64{
		"AWS::EC2::VPC":                             1,
		"AWS::EC2::NatGateway":                      3,
		"AWS::EC2::Subnet":                          9,
		"AWS::ElasticLoadBalancingV2::LoadBalancer": 1,
		"AWS::AutoScaling::AutoScalingGroup":        1,
		"AWS::RDS::DBInstance":                      2,
		"AWS::RDS::DBCluster":                       0,
		"AWS::ElastiCache::ReplicationGroup":        1,
		"AWS::CloudFront::Distribution":             1,
		"AWS::CloudFront::VpcOrigin":                1,
		"AWS::WAFv2::WebACL":                        1,
		"AWS::CloudWatch::Alarm":                    20,
		"AWS::Lambda::Function":                     1,
		"AWS::Route53::RecordSet":                   0,
		"AWS::CertificateManager::Certificate":      0,
	})

	t.Run("multi-AZ PostgreSQL with a read replica", func(t *testing.T) {
		check(t, func() {
			template.HasResourceProperties(jsii.String("AWS::RDS::DBInstance"), &map[string]interface{}{
				"Engine": "postgres", "MultiAZ": true, "StorageEncrypted": true,
			})
		})
		expectEqual(t, 1, len(*webApp.Database().ReadReplicas()))
		expectEqual(t, 5432.0, *webApp.Database().Port())
		expectEqual(t, cdkhawebapp.DatabaseEngineFamily_POSTGRESQL, webApp.Database().Engine().Family())
		expectEqual(t, cdkhawebapp.DatabaseDeployment_MULTI_AZ_INSTANCE, webApp.Database().Topology().Deployment())
	})

	t.Run("two to six instances behind an internal load balancer", func(t *testing.T) {
		check(t, func() {
			template.HasResourceProperties(jsii.String("AWS::AutoScaling::AutoScalingGroup"), &map[string]interface{}{"MinSize": "2", "MaxSize": "6"})
		})
		check(t, func() {
			template.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), &map[string]interface{}{"Scheme": "internal"})
		})
		expectEqual(t, 2.0, *webApp.AppTier().MinCapacity())
		expectEqual(t, cdkhawebapp.LoadBalancerExposure_INTERNAL, webApp.AppTier().LoadBalancerExposure())
	})

	t.Run("the CloudFront WebACL protects the distribution", func(t *testing.T) {
		check(t, func() {
			template.HasResourceProperties(jsii.String("AWS::WAFv2::WebACL"), &map[string]interface{}{"Scope": "CLOUDFRONT"})
		})
		webACLID := stack.GetLogicalId(webApp.Edge().Firewall().WebAcl())
		expectEqual(t, getAtt(webACLID, "Arn"), distributionConfig(t, template)["WebACLId"])
	})

	t.Run("the URL is the distribution's", func(t *testing.T) {
		distribution := stack.Resolve(webApp.Distribution().DistributionId()).(map[string]interface{})
		expectEqual(t, map[string]interface{}{
			"Fn::Join": []interface{}{"", []interface{}{"https://", map[string]interface{}{"Fn::GetAtt": []interface{}{distribution["Ref"], "DomainName"}}}},
		}, stack.Resolve(webApp.Url()))
	})

	t.Run("the instances get the database port", func(t *testing.T) {
		if data := userData(t, template); !strings.Contains(data, "DB_PORT=5432") {
			t.Errorf("DB_PORT=5432 missing from the user data: %s", data)
		}
	})
}

// A custom domain, a smaller network, Aurora MySQL, an internet-facing load balancer and a container image:
// enums, structs and static factory methods of both libraries cross the boundary.
func TestConfiguredStack(t *testing.T) {
	stack := newStack()
	webApp := cdkhawebapp.NewHighlyAvailableWebApp(stack, jsii.String("WebApp"), &cdkhawebapp.HighlyAvailableWebAppProps{
		DomainName: jsii.String("www.example.com"),
		HostedZone: awsroute53.HostedZone_FromHostedZoneAttributes(stack, jsii.String("Zone"), &awsroute53.HostedZoneAttributes{
			HostedZoneId: jsii.String(zoneID),
			ZoneName:     jsii.String("example.com"),
		}),
		Network: &cdkhawebapp.WebAppNetworkOptions{MaxAzs: jsii.Number(2), NatGateways: jsii.Number(1)},
		AppTier: &cdkhawebapp.WebAppTierOptions{
			LoadBalancerExposure: cdkhawebapp.LoadBalancerExposure_CLOUDFRONT_PREFIX_LIST,
			MinCapacity:          jsii.Number(3),
			MaxCapacity:          jsii.Number(9),
			InstanceType:         awsec2.InstanceType_Of(awsec2.InstanceClass_T3, awsec2.InstanceSize_MEDIUM),
			AppSource: cdkhawebapp.AppSource_ContainerImage(&cdkhawebapp.ContainerImageOptions{
				Repository:    awsecr.Repository_FromRepositoryName(stack, jsii.String("Repo"), jsii.String("app")),
				Tag:           jsii.String("v1.2.3"),
				ContainerPort: jsii.Number(3000),
				Environment:   &map[string]*string{"NODE_ENV": jsii.String("production")},
			}),
		},
		Database: &cdkhawebapp.WebAppDatabaseOptions{
			Engine:   cdkhawebapp.DatabaseEngine_Mysql(nil),
			Topology: cdkhawebapp.DatabaseTopology_Aurora(&cdkhawebapp.AuroraOptions{Readers: jsii.Number(2)}),
		},
		Cache: &cdkhawebapp.WebAppCacheOptions{Port: jsii.Number(6380)},
	})
	template := assertions.Template_FromStack(stack, nil)

	resourceCounts(t, template, map[string]float64{
		"AWS::EC2::NatGateway":                 1,
		"AWS::EC2::Subnet":                     6,
		"AWS::RDS::DBCluster":                  1,
		"AWS::RDS::DBInstance":                 3,
		"AWS::CloudFront::VpcOrigin":           0,
		"AWS::WAFv2::WebACL":                   1,
		"AWS::CertificateManager::Certificate": 2,
	})

	t.Run("Aurora MySQL with two readers", func(t *testing.T) {
		check(t, func() {
			template.HasResourceProperties(jsii.String("AWS::RDS::DBCluster"), &map[string]interface{}{"Engine": "aurora-mysql", "StorageEncrypted": true})
		})
		expectEqual(t, cdkhawebapp.DatabaseDeployment_AURORA, webApp.Database().Topology().Deployment())
		expectEqual(t, 2.0, *webApp.Database().Topology().Readers())
		expectEqual(t, cdkhawebapp.DatabaseEngineFamily_MYSQL, webApp.Database().Engine().Family())
		expectEqual(t, 3306.0, *webApp.Database().Port())
	})

	t.Run("the network ACL admits the database and cache ports", func(t *testing.T) {
		entries := *template.FindResources(jsii.String("AWS::EC2::NetworkAclEntry"), &map[string]interface{}{
			"Properties": map[string]interface{}{"Egress": false},
		})
		seen := map[float64]bool{}
		for _, entry := range entries {
			seen[(*entry)["Properties"].(map[string]interface{})["PortRange"].(map[string]interface{})["From"].(float64)] = true
		}
		// 1024 is the return traffic's ephemeral range; the rest are the data ports.
		delete(seen, 1024)
		ports := []float64{}
		for port := range seen {
			ports = append(ports, port)
		}
		sort.Float64s(ports)
		expectEqual(t, []float64{3306, 6380}, ports)
	})

	t.Run("three to nine t3.medium instances run the container", func(t *testing.T) {
		check(t, func() {
			template.HasResourceProperties(jsii.String("AWS::AutoScaling::AutoScalingGroup"), &map[string]interface{}{"MinSize": "3", "MaxSize": "9"})
		})
		check(t, func() {
			template.HasResourceProperties(jsii.String("AWS::EC2::LaunchTemplate"), &map[string]interface{}{
				"LaunchTemplateData": assertions.Match_ObjectLike(&map[string]interface{}{"InstanceType": "t3.medium"}),
			})
		})
		data := userData(t, template)
		for _, expected := range []string{"CONTAINER_PORT='3000'", "NODE_ENV=production"} {
			if !strings.Contains(data, expected) {
				t.Errorf("%s missing from the user data: %s", expected, data)
			}
		}
		expectEqual(t, 3.0, *webApp.AppTier().MinCapacity())
	})

	t.Run("the internet-facing load balancer is reached at the origin name", func(t *testing.T) {
		check(t, func() {
			template.HasResourceProperties(jsii.String("AWS::ElasticLoadBalancingV2::LoadBalancer"), &map[string]interface{}{"Scheme": "internet-facing"})
		})
		expectEqual(t, cdkhawebapp.LoadBalancerExposure_CLOUDFRONT_PREFIX_LIST, webApp.AppTier().LoadBalancerExposure())
		expectEqual(t, "origin.www.example.com", *webApp.OriginDomainName())
		if webApp.AppTier().OriginSecret() == nil {
			t.Error("the internet-facing mode has no origin secret")
		}
	})

	t.Run("the domain gets certificates and records in the imported zone", func(t *testing.T) {
		for _, name := range []string{"www.example.com", "origin.www.example.com"} {
			check(t, func() {
				template.HasResourceProperties(jsii.String("AWS::CertificateManager::Certificate"), &map[string]interface{}{"DomainName": name, "ValidationMethod": "DNS"})
			})
		}
		for _, recordType := range []string{"A", "AAAA"} {
			check(t, func() {
				template.HasResourceProperties(jsii.String("AWS::Route53::RecordSet"), &map[string]interface{}{
					"Name": "www.example.com.", "Type": recordType, "HostedZoneId": zoneID,
				})
			})
		}
		config := distributionConfig(t, template)
		expectEqual(t, []interface{}{"www.example.com"}, config["Aliases"])
		expectEqual(t, getAtt(stack.GetLogicalId(webApp.Edge().Firewall().WebAcl()), "Arn"), config["WebACLId"])
		expectEqual(t, "https://www.example.com", *webApp.Url())
	})
}

func TestAppSourceFactoriesReturnTheirKind(t *testing.T) {
	stack := newStack()
	image := cdkhawebapp.AppSource_ContainerImage(&cdkhawebapp.ContainerImageOptions{
		Repository: awsecr.Repository_FromRepositoryName(stack, jsii.String("Repo"), jsii.String("app")),
	})
	expectEqual(t, cdkhawebapp.AppSourceKind_CONTAINER_IMAGE, image.Kind())
	expectEqual(t, cdkhawebapp.AppSourceKind_COMMANDS, cdkhawebapp.AppSource_Commands(jsii.Strings("systemctl enable --now app")).Kind())
	expectEqual(t, cdkhawebapp.AppSourceKind_SAMPLE_APP, cdkhawebapp.AppSource_SampleApp().Kind())
}

func TestInvalidPropsRaiseTheLibrarysError(t *testing.T) {
	stack := newStack()
	defer func() {
		failure := recover()
		if failure == nil || !strings.Contains(fmt.Sprint(failure), "TestStack/WebApp: invalid appTier.minCapacity (1)") {
			t.Errorf("expected the library's error for minCapacity 1, got %v", failure)
		}
	}()
	cdkhawebapp.NewHighlyAvailableWebApp(stack, jsii.String("WebApp"), &cdkhawebapp.HighlyAvailableWebAppProps{
		AppTier: &cdkhawebapp.WebAppTierOptions{MinCapacity: jsii.Number(1)},
	})
}
