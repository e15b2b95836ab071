#!/usr/bin/env python3
"""Seeded generator of synthetic CloudFormation JSON templates for the SRM benchmarks.

    python3 bench/gen_template.py --resources 100000 --seed 1 > /tmp/t100k.json
    python3 bench/gen_template.py --resources 10 --files 10000 --out /tmp/files   # many small ones

The output is deterministic for a given (--resources, --seed) pair (same bytes on every run
and machine with CPython 3.8+) and is streamed: one resource per line, so the 1M-resource
template (~240 MB) is written without holding it in memory.

Shapes follow the schemas of the embedded standard library (stdlib/aws/*.srm): every
property a control reads has the declared JSON type, or one of the alternatives the loader
accepts (ints and bools as strings, as real templates often have them). About 2-3 % of the
values that controls read are unresolved intrinsics ({"Ref": ...}), which SRM reports as
ERROR. Properties that are nearly always intrinsics (VpcId, GroupId, Role, SubnetIds) are
written as such; the stdlib leaves them undeclared. Each generated resource type is
configured well most of the time and badly some of the time, so every status appears.

Resource mix (weights, out of 100): S3 buckets 16, EC2 security groups 10, standalone
security group ingress rules 5, RDS DB instances 5, RDS DB clusters 2, EBS volumes 9,
DynamoDB tables 7, Lambda functions 9, IAM users 2, roles 6, policies 2, VPCs 1, subnets 4,
flow logs 2, EC2 instances 4, launch templates 2, and unmodelled SNS topics 6, SQS queues 4,
CloudWatch log groups 4 (no schema in the stdlib; SRM lists them as unmodelled).

With --fixtures DIR (the Control Tower workload: bench/run.sh --workloads controltower uses
tests/controltower/fixtures), a share of the resources (--fixture-share, default 0.5) are
copies of the fixture templates under DIR instead: every resource type the Control Tower rules
read, in the shapes of the rules' own pass and fail scenarios. A fixture is copied whole (its
logical ids prefixed, its Ref / Fn::GetAtt / Fn::Sub / DependsOn targets renamed to match), so
references between its resources still resolve. Without --fixtures the output is unchanged.
"""

import argparse
import json
import os
import random
import re
import sys

REF_RATE = 0.03  # share of control-read values replaced by an unresolved {"Ref": ...}

PARAMETERS = {
    "Environment": {"Type": "String", "AllowedValues": ["prod", "staging", "dev"], "Default": "prod"},
    "EncryptVolumes": {"Type": "String", "AllowedValues": ["true", "false"], "Default": "true"},
    "DbPublic": {"Type": "String", "AllowedValues": ["true", "false"], "Default": "false"},
    "KmsKeyArn": {"Type": "String"},
    "AdminCidr": {"Type": "String", "Default": "10.0.0.0/8"},
    "LogBucketName": {"Type": "String"},
    "LambdaRuntime": {"Type": "String", "Default": "python3.12"},
    "BackupDays": {"Type": "Number", "Default": 7},
    "AmiId": {"Type": "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
              "Default": "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"},
    "VpcId": {"Type": "AWS::EC2::VPC::Id"},
}

ENVS = ["prod", "staging", "dev"]
PURPOSES = ["orders", "invoices", "assets", "logs", "backups", "reports", "uploads", "ml-data",
            "exports", "media", "audit", "archive", "events", "metrics", "web"]
TEAMS = ["payments", "platform", "data", "web", "security", "ml", "search", "identity"]
CLASSIFICATIONS = ["public", "internal", "confidential", "restricted", "Confidential", "secret"]
REGIONS_AZ = ["a", "b", "c"]

DEPRECATED_RUNTIMES = ["python3.8", "python3.7", "nodejs16.x", "nodejs14.x", "go1.x", "java8",
                       "dotnetcore3.1", "ruby2.7", "nodejs12.x", "python3.9"]
CURRENT_RUNTIMES = ["python3.12", "python3.13", "python3.11", "nodejs20.x", "nodejs22.x",
                    "java21", "java17", "provided.al2023", "ruby3.3", "dotnet8"]

ADMIN_ARNS = ["arn:aws:iam::aws:policy/AdministratorAccess",
              "arn:aws-us-gov:iam::aws:policy/AdministratorAccess"]
MANAGED_ARNS = ["arn:aws:iam::aws:policy/ReadOnlyAccess",
                "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
                "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess",
                "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
                "arn:aws:iam::123456789012:policy/acme-app-policy"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    # -- helpers -----------------------------------------------------------------------------

    def p(self, prob):
        return self.r.random() < prob

    def pick(self, seq):
        return seq[self.r.randrange(len(seq))]

    def ref(self, value, param):
        """value, or (REF_RATE of the time) an unresolved Ref to a template parameter."""
        return {"Ref": param} if self.r.random() < REF_RATE else value

    def boolish(self, value, string_rate=0.05):
        """A bool, sometimes written as the string "true"/"false" (the loader accepts both)."""
        return ("true" if value else "false") if self.p(string_rate) else value

    def intish(self, value, string_rate=0.1):
        return str(value) if self.p(string_rate) else value

    def private_cidr(self):
        k = self.r.randrange(3)
        if k == 0:
            return "10.%d.%d.0/24" % (self.r.randrange(256), self.r.randrange(256))
        if k == 1:
            return "172.%d.%d.0/20" % (16 + self.r.randrange(16), 16 * self.r.randrange(16))
        return "192.168.%d.0/24" % self.r.randrange(256)

    def tags(self, i, rich=False):
        t = []
        if self.p(0.8):
            t.append({"Key": "Owner", "Value": self.pick(TEAMS)})
        if rich and self.p(0.75):
            t.append({"Key": "DataClassification", "Value": self.pick(CLASSIFICATIONS)})
        if self.p(0.5):
            t.append({"Key": "Environment", "Value": {"Ref": "Environment"} if self.p(0.3) else self.pick(ENVS)})
        if self.p(0.3):
            t.append({"Key": "CostCenter", "Value": "cc-%04d" % self.r.randrange(10000)})
        if self.p(0.1):
            t.append({"Key": "Name", "Value": "res-%d" % i})
        return t

    def name(self, i, kind):
        return "acme-%s-%s-%d" % (self.pick(ENVS), kind, i)

    # -- resources ---------------------------------------------------------------------------

    def s3_bucket(self, i):
        p = {}
        x = self.r.random()
        if x < 0.70:
            p["BucketName"] = "acme-%s-%s-%d" % (self.pick(ENVS), self.pick(PURPOSES), i)
        elif x < 0.80:
            p["BucketName"] = "%s-Bucket-%d" % (self.pick(PURPOSES).title(), i)
        if self.p(0.10):
            p["AccessControl"] = self.pick(["Private", "PublicRead", "LogDeliveryWrite",
                                            "BucketOwnerFullControl", "AuthenticatedRead"])
        if self.p(0.75):
            rules = []
            for _ in range(1 if self.p(0.95) else 2):
                if self.p(0.03):
                    rules.append({"BucketKeyEnabled": True})
                    continue
                alg = self.pick(["AES256", "aws:kms", "aws:kms", "aws:kms:dsse"]) if self.p(0.98) else "AES128"
                sse = {"SSEAlgorithm": self.ref(alg, "Environment")}
                if alg.startswith("aws:kms") and self.p(0.7):
                    sse["KMSMasterKeyID"] = {"Ref": "KmsKeyArn"} if self.p(0.5) else \
                        "arn:aws:kms:us-east-1:123456789012:key/%08x" % self.r.getrandbits(32)
                rule = {"ServerSideEncryptionByDefault": sse}
                if self.p(0.5):
                    rule["BucketKeyEnabled"] = True
                rules.append(rule)
            p["BucketEncryption"] = {"ServerSideEncryptionConfiguration": rules}
        if self.p(0.70):
            pab = {}
            for k in ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"):
                if self.p(0.97):
                    pab[k] = self.ref(self.boolish(self.p(0.93)), "DbPublic") if self.p(0.5) else self.boolish(self.p(0.93))
            p["PublicAccessBlockConfiguration"] = pab
        if self.p(0.60):
            p["VersioningConfiguration"] = {"Status": "Enabled" if self.p(0.85) else "Suspended"}
        if self.p(0.50):
            p["LoggingConfiguration"] = {
                "DestinationBucketName": {"Ref": "LogBucketName"} if self.p(0.5) else "acme-prod-logs",
                "LogFilePrefix": "s3/%d/" % i}
        if self.p(0.15):
            p["OwnershipControls"] = {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
        if self.p(0.03):
            p["ObjectLockEnabled"] = True
        if self.p(0.8):
            p["Tags"] = self.tags(i, rich=True)
        return "AWS::S3::Bucket", p

    def ingress_rule(self, standalone=False):
        x = self.r.random()
        rule = {}
        if x < 0.30:
            port = self.pick([443, 80, 8443])
            rule.update(IpProtocol="tcp", FromPort=self.intish(port), ToPort=self.intish(port),
                        CidrIp="0.0.0.0/0")
        elif x < 0.45:
            port = self.pick([22, 3389])
            rule.update(IpProtocol="tcp", FromPort=port, ToPort=port,
                        CidrIp="0.0.0.0/0" if self.p(0.35) else self.private_cidr())
        elif x < 0.50:
            port = self.pick([22, 3389])
            rule.update(IpProtocol="tcp", FromPort=port, ToPort=port,
                        CidrIpv6="::/0" if self.p(0.5) else "2001:db8:%x::/48" % self.r.randrange(65536))
        elif x < 0.62:
            lo, hi = self.pick([(1024, 65535), (0, 65535), (3000, 4000), (20, 30), (8000, 8100), (3300, 3400)])
            rule.update(IpProtocol=self.pick(["tcp", "udp", "6"]), FromPort=lo, ToPort=hi,
                        CidrIp="0.0.0.0/0" if self.p(0.3) else self.private_cidr())
        elif x < 0.67:
            rule.update(IpProtocol="-1", CidrIp="0.0.0.0/0" if self.p(0.2) else self.private_cidr())
        elif x < 0.72:
            rule.update(IpProtocol="icmp", FromPort=-1, ToPort=-1, CidrIp="0.0.0.0/0")
        elif x < 0.80:
            port = self.pick([5432, 3306, 6379, 9200, 53])
            rule.update(IpProtocol="udp" if port == 53 else "tcp", FromPort=port, ToPort=port,
                        CidrIp=self.private_cidr())
        else:
            port = self.pick([443, 5432, 8080, 22])
            rule.update(IpProtocol="tcp", FromPort=port, ToPort=port,
                        SourceSecurityGroupId={"Fn::GetAtt": ["AppSecurityGroup", "GroupId"]})
        if "CidrIp" in rule:
            rule["CidrIp"] = self.ref(rule["CidrIp"], "AdminCidr")
        if self.p(0.5):
            rule["Description"] = self.pick(["HTTPS from anywhere", "Admin access", "Database from app tier",
                                             "temporary", "Monitoring", "legacy rule"])
        return rule

    def security_group(self, i):
        p = {"GroupDescription": "Security group %d for %s" % (i, self.pick(PURPOSES)),
             "VpcId": {"Ref": "VpcId"}}
        if self.p(0.3):
            p["GroupName"] = "sg-%s-%d" % (self.pick(TEAMS), i)
        if self.p(0.85):
            p["SecurityGroupIngress"] = [self.ingress_rule() for _ in range(1 + self.r.randrange(6))]
        if self.p(0.3):
            p["SecurityGroupEgress"] = [{"IpProtocol": "-1", "CidrIp": "0.0.0.0/0"}]
        if self.p(0.5):
            p["Tags"] = self.tags(i)
        return "AWS::EC2::SecurityGroup", p

    def sg_ingress(self, i):
        p = {"GroupId": {"Ref": "Sg%d" % max(0, i - 1)}}
        p.update(self.ingress_rule(standalone=True))
        return "AWS::EC2::SecurityGroupIngress", p

    def rds_instance(self, i):
        engine = self.pick(["mysql", "postgres", "postgres", "mariadb", "aurora-mysql",
                            "aurora-postgresql", "sqlserver-ex", "oracle-se2"])
        p = {"DBInstanceIdentifier": "db-%d" % i,
             "DBInstanceClass": self.pick(["db.t3.micro", "db.t3.medium", "db.r6g.large", "db.m6i.xlarge"]),
             "Engine": engine,
             "EngineVersion": self.pick(["8.0.35", "15.4", "16.1", "10.11.6"])}
        aurora = engine.startswith("aurora")
        if aurora:
            p["DBClusterIdentifier"] = {"Ref": "Cluster%d" % i}
        else:
            p["AllocatedStorage"] = str(self.pick([20, 50, 100, 200, 500]))
            p["StorageType"] = self.pick(["gp3", "gp2", "io1"])
            x = self.r.random()
            if x < 0.80:
                p["StorageEncrypted"] = self.ref(self.boolish(True), "EncryptVolumes")
            elif x < 0.90:
                p["StorageEncrypted"] = False
            if p.get("StorageEncrypted") is True and self.p(0.5):
                p["KmsKeyId"] = {"Ref": "KmsKeyArn"}
            p["BackupRetentionPeriod"] = self.ref(self.intish(self.pick([0, 1, 3, 7, 7, 14, 35])), "BackupDays")
            if self.p(0.6):
                p["DeletionProtection"] = self.boolish(self.p(0.8))
            p["MultiAZ"] = self.p(0.5)
        x = self.r.random()
        if x < 0.70:
            p["PubliclyAccessible"] = self.ref(False, "DbPublic")
        elif x < 0.80:
            p["PubliclyAccessible"] = True
        p["DBSubnetGroupName"] = {"Ref": "DbSubnetGroup"}
        p["VPCSecurityGroups"] = [{"Ref": "DbSecurityGroup"}]
        if self.p(0.5):
            p["MasterUsername"] = self.pick(["admin", "postgres", "dbadmin", "app"])
            p["ManageMasterUserPassword"] = True
        if self.p(0.3):
            p["EnableCloudwatchLogsExports"] = ["error", "general", "slowquery"] if "mysql" in engine else ["postgresql"]
        if self.p(0.4):
            p["Tags"] = self.tags(i)
        return "AWS::RDS::DBInstance", p

    def rds_cluster(self, i):
        p = {"DBClusterIdentifier": "cluster-%d" % i,
             "Engine": self.pick(["aurora-mysql", "aurora-postgresql", "aurora-postgresql", "mysql", "postgres"])}
        if self.p(0.15):
            p["EngineMode"] = self.pick(["serverless", "provisioned"])
        x = self.r.random()
        if x < 0.80:
            p["StorageEncrypted"] = self.ref(True, "EncryptVolumes")
        elif x < 0.90:
            p["StorageEncrypted"] = False
        if self.p(0.8):
            p["BackupRetentionPeriod"] = self.ref(self.intish(self.pick([1, 3, 7, 14, 35])), "BackupDays")
        if self.p(0.6):
            p["DeletionProtection"] = self.boolish(self.p(0.8))
        p["MasterUsername"] = self.pick(["admin", "postgres", "clusteradmin"])
        p["ManageMasterUserPassword"] = True
        p["DBSubnetGroupName"] = {"Ref": "DbSubnetGroup"}
        if self.p(0.4):
            p["Tags"] = self.tags(i)
        return "AWS::RDS::DBCluster", p

    def ebs_volume(self, i):
        vt = self.pick(["gp3", "gp3", "gp2", "io2", "st1"])
        p = {"AvailabilityZone": {"Fn::Select": [self.r.randrange(3), {"Fn::GetAZs": ""}]},
             "Size": self.intish(self.pick([8, 20, 50, 100, 500, 1000])), "VolumeType": vt}
        if vt == "io2":
            p["Iops"] = self.pick([3000, 10000, 16000])
        x = self.r.random()
        if x < 0.75:
            p["Encrypted"] = self.ref(self.boolish(True), "EncryptVolumes")
        elif x < 0.87:
            p["Encrypted"] = self.boolish(False)
        if p.get("Encrypted") is True and self.p(0.4):
            p["KmsKeyId"] = {"Ref": "KmsKeyArn"}
        if self.p(0.6):
            p["Tags"] = self.tags(i)
        return "AWS::EC2::Volume", p

    def dynamodb_table(self, i):
        p = {"TableName": "%s-%d" % (self.pick(PURPOSES), i),
             "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
             "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
             "BillingMode": self.pick(["PAY_PER_REQUEST", "PROVISIONED"])}
        if p["BillingMode"] == "PROVISIONED":
            p["ProvisionedThroughput"] = {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
        if self.p(0.6):
            p["PointInTimeRecoverySpecification"] = {
                "PointInTimeRecoveryEnabled": self.ref(self.boolish(self.p(0.9)), "Environment")}
        if self.p(0.4):
            p["DeletionProtectionEnabled"] = self.ref(self.boolish(self.p(0.9)), "Environment")
        if self.p(0.5):
            p["SSESpecification"] = {"SSEEnabled": True, "SSEType": "KMS"}
        if self.p(0.3):
            p["StreamSpecification"] = {"StreamViewType": "NEW_AND_OLD_IMAGES"}
        if self.p(0.6):
            p["Tags"] = self.tags(i)
        return "AWS::DynamoDB::Table", p

    def lambda_function(self, i):
        p = {"FunctionName": self.name(i, "fn") if self.p(0.7) else "Function%d" % i,
             "Role": {"Fn::GetAtt": ["LambdaRole", "Arn"]}}
        if self.p(0.08):
            p["PackageType"] = "Image"
            p["Code"] = {"ImageUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:%d" % i}
        else:
            rt = self.pick(DEPRECATED_RUNTIMES) if self.p(0.25) else self.pick(CURRENT_RUNTIMES)
            p["Runtime"] = self.ref(rt, "LambdaRuntime")
            p["Handler"] = "index.handler"
            p["Code"] = {"S3Bucket": "acme-prod-artifacts", "S3Key": "fn/%d.zip" % i}
        p["MemorySize"] = self.intish(self.pick([128, 256, 512, 1024, 2048]))
        p["Timeout"] = self.pick([3, 10, 30, 60, 900])
        if self.p(0.4):
            p["Architectures"] = [self.pick(["x86_64", "arm64"])]
        if self.p(0.3):
            p["TracingConfig"] = {"Mode": "Active"}
        if self.p(0.3):
            p["VpcConfig"] = {"SubnetIds": [{"Ref": "PrivateSubnetA"}, {"Ref": "PrivateSubnetB"}],
                              "SecurityGroupIds": [{"Ref": "LambdaSg"}]}
        if self.p(0.3):
            p["Environment"] = {"Variables": {"STAGE": {"Ref": "Environment"}, "TABLE": "orders-%d" % i}}
        if self.p(0.5):
            p["Tags"] = self.tags(i)
        return "AWS::Lambda::Function", p

    def policy_document(self, i):
        return {"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow",
                               "Action": self.pick(["s3:GetObject", ["dynamodb:GetItem", "dynamodb:PutItem"], "*"]),
                               "Resource": self.pick(["*", "arn:aws:s3:::acme-prod-data-%d/*" % i])}]}

    def iam_user(self, i):
        p = {"UserName": "user-%d" % i}
        if self.p(0.5):
            p["Groups"] = [self.pick(["developers", "readers", "ops"])]
        if self.p(0.3):
            p["ManagedPolicyArns"] = [self.pick(MANAGED_ARNS + ADMIN_ARNS[:1])]
        if self.p(0.15):
            p["Policies"] = [{"PolicyName": "inline-%d" % i, "PolicyDocument": self.policy_document(i)}]
        if self.p(0.15):
            p["LoginProfile"] = {"Password": {"Ref": "AWS::NoValue"} if self.p(0.5) else "{{resolve:secretsmanager:pw}}",
                                 "PasswordResetRequired": True}
        if self.p(0.3):
            p["Tags"] = self.tags(i)
        return "AWS::IAM::User", p

    def iam_role(self, i):
        svc = self.pick(["lambda.amazonaws.com", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com"])
        p = {"RoleName": "role-%d" % i,
             "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                 {"Effect": "Allow", "Principal": {"Service": svc}, "Action": "sts:AssumeRole"}]}}
        if self.p(0.7):
            arns = [self.pick(MANAGED_ARNS) for _ in range(1 + self.r.randrange(3))]
            if self.p(0.05):
                arns.append(self.pick(ADMIN_ARNS))
            p["ManagedPolicyArns"] = arns
        if self.p(0.2):
            p["Policies"] = [{"PolicyName": "inline-%d" % i, "PolicyDocument": self.policy_document(i)}]
        if self.p(0.3):
            p["MaxSessionDuration"] = self.pick([3600, 7200, 43200])
        if self.p(0.3):
            p["Path"] = "/service/"
        if self.p(0.3):
            p["Tags"] = self.tags(i)
        return "AWS::IAM::Role", p

    def iam_policy(self, i):
        p = {"PolicyName": "policy-%d" % i, "PolicyDocument": self.policy_document(i)}
        x = self.r.random()
        if x < 0.2:
            p["Users"] = [{"Ref": "User%d" % i}]
        elif x < 0.7:
            p["Roles"] = [{"Ref": "Role%d" % i}]
        else:
            p["Groups"] = ["developers"]
        return "AWS::IAM::Policy", p

    def vpc(self, i):
        p = {"CidrBlock": "10.%d.0.0/16" % self.r.randrange(256), "EnableDnsSupport": True,
             "EnableDnsHostnames": self.p(0.8)}
        if self.p(0.1):
            p["InstanceTenancy"] = "dedicated"
        if self.p(0.7):
            p["Tags"] = self.tags(i)
        return "AWS::EC2::VPC", p

    def subnet(self, i):
        p = {"VpcId": {"Ref": "VpcId"}, "CidrBlock": self.private_cidr(),
             "AvailabilityZone": {"Fn::Select": [self.r.randrange(3), {"Fn::GetAZs": ""}]}}
        x = self.r.random()
        if x < 0.25:
            p["MapPublicIpOnLaunch"] = self.boolish(True)
        elif x < 0.6:
            p["MapPublicIpOnLaunch"] = self.boolish(False, string_rate=0.2)
        if self.p(0.5):
            p["Tags"] = self.tags(i)
        return "AWS::EC2::Subnet", p

    def flow_log(self, i):
        p = {"ResourceId": {"Ref": "VpcId"}, "ResourceType": self.pick(["VPC", "VPC", "Subnet", "NetworkInterface"])}
        x = self.r.random()
        if x < 0.55:
            p["TrafficType"] = "ALL"
        elif x < 0.75:
            p["TrafficType"] = "REJECT"
        elif x < 0.95:
            p["TrafficType"] = "ACCEPT"
        if self.p(0.5):
            p["LogDestinationType"] = "s3"
            p["LogDestination"] = {"Fn::GetAtt": ["LogsBucket", "Arn"]}
        else:
            p["LogGroupName"] = "/vpc/flow/%d" % i
            p["DeliverLogsPermissionArn"] = {"Fn::GetAtt": ["FlowLogRole", "Arn"]}
        if self.p(0.3):
            p["MaxAggregationInterval"] = self.pick([60, 600])
        return "AWS::EC2::FlowLog", p

    def instance(self, i):
        p = {"ImageId": {"Ref": "AmiId"},
             "InstanceType": self.pick(["t3.micro", "t3.large", "m6i.large", "c7g.xlarge"]),
             "SubnetId": {"Ref": "PrivateSubnetA"}}
        if self.p(0.3):
            p["KeyName"] = "ops-key"
        if self.p(0.6):
            maps = []
            for d in range(1 + self.r.randrange(3)):
                ebs = {"VolumeSize": self.pick([8, 30, 100]), "VolumeType": "gp3"}
                if self.p(0.8):
                    ebs["Encrypted"] = self.ref(self.boolish(self.p(0.85)), "EncryptVolumes")
                maps.append({"DeviceName": "/dev/xvd" + "abcd"[d], "Ebs": ebs})
            p["BlockDeviceMappings"] = maps
        if self.p(0.3):
            p["NetworkInterfaces"] = [{"DeviceIndex": "0", "AssociatePublicIpAddress": self.boolish(self.p(0.4)),
                                       "SubnetId": {"Ref": "PublicSubnetA"}}]
        if self.p(0.4):
            p["Monitoring"] = True
        if self.p(0.6):
            p["Tags"] = self.tags(i)
        return "AWS::EC2::Instance", p

    def launch_template(self, i):
        data = {"InstanceType": self.pick(["t3.micro", "m6i.large"]), "ImageId": {"Ref": "AmiId"}}
        x = self.r.random()
        if x < 0.6:
            data["MetadataOptions"] = {"HttpTokens": "required", "HttpPutResponseHopLimit": 1}
        elif x < 0.75:
            data["MetadataOptions"] = {"HttpTokens": "optional"}
        elif x < 0.8:
            data["MetadataOptions"] = {"HttpEndpoint": "disabled"}
        if self.p(0.4):
            data["BlockDeviceMappings"] = [{"DeviceName": "/dev/xvda",
                                            "Ebs": {"Encrypted": self.boolish(self.p(0.8)), "VolumeSize": 30}}]
        return "AWS::EC2::LaunchTemplate", {"LaunchTemplateName": "lt-%d" % i, "LaunchTemplateData": data}

    def sns_topic(self, i):
        p = {"TopicName": "alerts-%d" % i}
        if self.p(0.5):
            p["KmsMasterKeyId"] = "alias/aws/sns"
        return "AWS::SNS::Topic", p

    def sqs_queue(self, i):
        p = {"QueueName": "jobs-%d" % i, "VisibilityTimeout": 60}
        if self.p(0.5):
            p["SqsManagedSseEnabled"] = True
        return "AWS::SQS::Queue", p

    def log_group(self, i):
        return "AWS::Logs::LogGroup", {"LogGroupName": "/app/%d" % i,
                                       "RetentionInDays": self.pick([7, 30, 90, 365])}


MIX = [  # (logical id prefix, generator, weight)
    ("Bucket", Gen.s3_bucket, 16),
    ("Sg", Gen.security_group, 10),
    ("SgIngress", Gen.sg_ingress, 5),
    ("Db", Gen.rds_instance, 5),
    ("Cluster", Gen.rds_cluster, 2),
    ("Volume", Gen.ebs_volume, 9),
    ("Table", Gen.dynamodb_table, 7),
    ("Fn", Gen.lambda_function, 9),
    ("User", Gen.iam_user, 2),
    ("Role", Gen.iam_role, 6),
    ("Policy", Gen.iam_policy, 2),
    ("Vpc", Gen.vpc, 1),
    ("Subnet", Gen.subnet, 4),
    ("FlowLog", Gen.flow_log, 2),
    ("Instance", Gen.instance, 4),
    ("LaunchTemplate", Gen.launch_template, 2),
    ("Topic", Gen.sns_topic, 6),
    ("Queue", Gen.sqs_queue, 4),
    ("LogGroup", Gen.log_group, 4),
]


def parse_count(text):
    t = text.strip().lower()
    mult = 1
    if t.endswith("k"):
        mult, t = 1000, t[:-1]
    elif t.endswith("m"):
        mult, t = 1000000, t[:-1]
    return int(float(t) * mult)


def load_fixtures(directory):
    """The Resources of every CloudFormation fixture (.json, .yaml, .yml) under `directory`, in
    path order; files YAML's safe loader cannot read (short-form tags such as !Ref) are left out."""
    import yaml  # only for --fixtures (PyYAML)

    fixtures = []
    for root, dirs, files in os.walk(directory):
        dirs.sort()
        for f in sorted(files):
            path = os.path.join(root, f)
            try:
                with open(path, encoding="utf-8") as fh:
                    if f.endswith(".json"):
                        doc = json.load(fh)
                    elif f.endswith((".yaml", ".yml")):
                        doc = yaml.safe_load(fh)
                    else:
                        continue
            except (yaml.YAMLError, ValueError):
                continue
            resources = doc.get("Resources") if isinstance(doc, dict) else None
            if isinstance(resources, dict) and resources:
                fixtures.append(resources)
    if not fixtures:
        sys.exit("gen_template.py: no fixture with Resources under %s" % directory)
    return fixtures


SUB_REF = re.compile(r"\$\{([A-Za-z0-9]+)([.}])")


def renamed(value, names):
    """`value` with the references to the logical ids in `names` renamed (Ref, Fn::GetAtt in
    both forms, ${X} and ${X.Attr} in Fn::Sub)."""
    if isinstance(value, list):
        return [renamed(v, names) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        (key, arg), = value.items()
        if key == "Ref" and isinstance(arg, str):
            return {"Ref": names.get(arg, arg)}
        if key == "Fn::GetAtt" and isinstance(arg, list) and arg and isinstance(arg[0], str):
            return {"Fn::GetAtt": [names.get(arg[0], arg[0])] + renamed(arg[1:], names)}
        if key == "Fn::GetAtt" and isinstance(arg, str):
            target, dot, attr = arg.partition(".")
            return {"Fn::GetAtt": names.get(target, target) + dot + attr}
        if key == "Fn::Sub":
            sub = lambda m: "${%s%s" % (names.get(m.group(1), m.group(1)), m.group(2))
            if isinstance(arg, str):
                return {"Fn::Sub": SUB_REF.sub(sub, arg)}
            if isinstance(arg, list) and arg and isinstance(arg[0], str):
                return {"Fn::Sub": [SUB_REF.sub(sub, arg[0])] + renamed(arg[1:], names)}
    return {k: renamed(v, names) for k, v in value.items()}


def fixture_copy(resources, i):
    """The resources of one fixture with logical ids prefixed "Ct<i>", references renamed."""
    names = {rid: "Ct%07d%s" % (i, rid) for rid in resources}
    out = []
    for rid, res in resources.items():
        res = renamed(res, names)
        if isinstance(res, dict) and "DependsOn" in res:
            dep = res["DependsOn"]
            res["DependsOn"] = [names.get(d, d) for d in dep] if isinstance(dep, list) else names.get(dep, dep)
        out.append((names[rid], res))
    return out


def write_template(out, n, seed, fixtures=None, fixture_share=0.5):
    """Writes the template of n resources and this seed to the text stream out."""
    fr = random.Random(seed * 7919 + 1)  # fixture draws: the main stream stays as it was
    g = Gen(seed)
    prefixes = [m[0] for m in MIX]
    makers = [m[1] for m in MIX]
    weights = [m[2] for m in MIX]
    cum = []
    acc = 0
    for w in weights:
        acc += w
        cum.append(acc)

    dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=True).encode
    out.write('{\n"AWSTemplateFormatVersion": "2010-09-09",\n')
    description = "Synthetic SRM benchmark template: %d resources, seed %d" % (n, seed)
    if fixtures:
        description += ", %.0f %% from %d fixtures" % (100 * fixture_share, len(fixtures))
    out.write('"Description": %s,\n' % dumps(description))
    out.write('"Parameters": %s,\n' % dumps(PARAMETERS))
    out.write('"Resources": {\n')
    chunk = []
    i = 0
    while i < n:
        if fixtures and fr.random() < fixture_share:
            copies = fixture_copy(fixtures[fr.randrange(len(fixtures))], i)[: n - i]
            for rid, res in copies:
                chunk.append('%s"%s": %s' % (",\n" if i else "", rid, dumps(res)))
                i += 1
        else:
            k = g.r.choices(range(len(MIX)), cum_weights=cum)[0]
            rtype, props = makers[k](g, i)
            res = {"Type": rtype, "Properties": props}
            if rtype in ("AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::DynamoDB::Table") and g.p(0.5):
                res["DeletionPolicy"] = "Snapshot" if rtype.startswith("AWS::RDS") else "Retain"
            chunk.append('%s"%s%07d": %s' % (",\n" if i else "", prefixes[k], i, dumps(res)))
            i += 1
        if len(chunk) >= 4096:
            out.write("".join(chunk))
            chunk.clear()
    out.write("".join(chunk))
    out.write("\n}\n}\n" if n else "}\n}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--resources", required=True,
                    help="number of resources (per file with --files): 1000, 10k, 1M ...")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fixtures", help="directory of CloudFormation fixtures to mix in (see above)")
    ap.add_argument("--fixture-share", type=float, default=0.5,
                    help="share of the resources copied from --fixtures (default 0.5)")
    ap.add_argument("--files", type=int,
                    help="write this many templates into --out (t00000.json ...), the k-th "
                         "with seed --seed + k, instead of one template on stdout")
    ap.add_argument("--out", help="the directory of --files (created if missing)")
    args = ap.parse_args()
    fixtures = load_fixtures(args.fixtures) if args.fixtures else None
    n = parse_count(args.resources)
    if args.files is None:
        write_template(sys.stdout, n, args.seed, fixtures, args.fixture_share)
        sys.stdout.flush()
        return
    if not args.out or args.files < 1:
        ap.error("--files N needs N >= 1 and --out DIR")
    os.makedirs(args.out, exist_ok=True)
    for k in range(args.files):
        with open(os.path.join(args.out, "t%05d.json" % k), "w") as f:
            write_template(f, n, args.seed + k, fixtures, args.fixture_share)


if __name__ == "__main__":
    main()
