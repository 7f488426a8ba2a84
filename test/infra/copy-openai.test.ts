import type { Template } from 'aws-cdk-lib/assertions';
import { synthSuite } from './synth';

/** CDK for `copyModel=openai-compatible`: env, the one secret, the optional egress VPC, cdk-nag. */

const qwen = {
  copyModel: 'openai-compatible',
  copyModelBaseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
  copyModelId: 'qwen-plus',
  copyModelApiKeySecretName: 'copy/qwen-key',
};

const functions = (service: Template) => Object.entries(service.findResources('AWS::Lambda::Function'));
const generateOf = (service: Template) => {
  const found = functions(service).filter(([, fn]) => fn.Properties.Environment?.Variables?.COPY_MODEL_PROVIDER !== undefined);
  expect(found).toHaveLength(1);
  return found[0]![1].Properties;
};
const statementsOf = (service: Template, prefix: string) =>
  Object.entries(service.findResources('AWS::IAM::Policy'))
    .filter(([id]) => id.startsWith(prefix))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as any[]);
const secretStatements = (service: Template) =>
  Object.entries(service.findResources('AWS::IAM::Policy')).flatMap(([id, policy]) =>
    (policy.Properties.PolicyDocument.Statement as any[]).filter((statement) => [statement.Action].flat().some((action: string) => action.startsWith('secretsmanager:')) && JSON.stringify(statement.Resource).includes('copy/')).map((statement) => ({ id, statement })),
  );

describe('copyModel=openai-compatible (no VPC: a Lambda function outside a VPC reaches the internet)', () => {
  const { service } = synthSuite({ context: { ...qwen, copyModelJsonMode: 'true', copyModelTemperature: '1.2', copyModelTimeoutSeconds: '15' } });

  it('configures the generate function for the endpoint, naming the secret but never holding the key', () => {
    const generate = generateOf(service);
    expect(generate.Environment.Variables).toMatchObject({
      COPY_MODEL_PROVIDER: 'openai-compatible',
      COPY_MODEL_BASE_URL: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
      COPY_MODEL_ID: 'qwen-plus',
      COPY_MODEL_TEMPERATURE: '1.2',
      COPY_MODEL_MAX_TOKENS: '400',
      COPY_MODEL_JSON_MODE: 'true',
      COPY_MODEL_TIMEOUT_MS: '15000',
      COPY_MODEL_API_KEY_SECRET: 'copy/qwen-key',
    });
    expect(generate.Timeout).toBe(60);
    expect(generate.VpcConfig).toBeUndefined();
    expect(Object.keys(service.findResources('AWS::EC2::VPC'))).toEqual([]);
  });

  it('lets the generate function read that one secret, and nothing (no other function, no Bedrock model) more', () => {
    const grants = secretStatements(service);
    expect(grants).toHaveLength(1);
    expect(grants[0]!.id).toMatch(/^CopyGenerateFunction/);
    expect(grants[0]!.statement).toEqual({
      Action: 'secretsmanager:GetSecretValue',
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:eu-west-1:123456789012:secret:copy/qwen-key-??????']] },
    });
    expect(JSON.stringify(service.findResources('AWS::IAM::Policy'))).not.toContain('bedrock:');
  });
});

describe('openai-compatible settings from context', () => {
  it('takes a secret by complete ARN as it is, and sends no key when none is configured', () => {
    const arn = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:copy/deepseek-AbC123';
    const byArn = synthSuite({ context: { ...qwen, copyModelApiKeySecretName: undefined, copyModelApiKeySecretArn: arn } }).service;
    expect(secretStatements(byArn).map(({ statement }) => statement.Resource)).toEqual([arn]);
    expect(generateOf(byArn).Environment.Variables.COPY_MODEL_API_KEY_SECRET).toBe(arn);

    const keyless = synthSuite({ context: { copyModel: 'openai-compatible', copyModelBaseUrl: 'http://10.0.3.7:8000/v1', copyModelId: 'Qwen/Qwen2.5-7B-Instruct' } }).service;
    expect(generateOf(keyless).Environment.Variables.COPY_MODEL_API_KEY_SECRET).toBeUndefined();
    expect(JSON.stringify(statementsOf(keyless, 'CopyGenerateFunction'))).not.toContain('secretsmanager:');
  });

  it.each([
    ['no base URL', { copyModelBaseUrl: undefined }, /copyModelBaseUrl is required/],
    ['no model (there is no default provider model)', { copyModelId: undefined }, /copyModelId is required/],
    ['a key sent over plain HTTP to another host', { copyModelBaseUrl: 'http://api.example.cn/v1' }, /must be https when an API key is sent/],
    ['both a secret name and an ARN', { copyModelApiKeySecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbC123' }, /not both/],
    ['a partial secret ARN', { copyModelApiKeySecretName: undefined, copyModelApiKeySecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x' }, /complete secret ARN/],
    ['a timeout the function could not wait out twice', { copyModelTimeoutSeconds: '40' }, /copyModelTimeoutSeconds/],
    ['an endpoint VPC without the endpoint service', { copyModelVpc: 'endpoint' }, /needs copyModelEndpointService/],
    ['an unknown VPC mode', { copyModelVpc: 'peering' }, /copyModelVpc/],
  ])('fails synthesis with %s', (_label, change, message) => {
    expect(() => synthSuite({ context: { ...qwen, ...change } })).toThrow(message);
  });

  it('still limits Bedrock temperatures to 0–1', () => {
    expect(() => synthSuite({ context: { copyModelTemperature: '1.5' } })).toThrow(/Bedrock takes 0 to 1/);
  });
});

describe('copyModelVpc=nat: a fixed egress path through one NAT gateway', () => {
  const { service } = synthSuite({ context: { ...qwen, copyModelVpc: 'nat' } });

  it('puts only the generate function in private subnets behind one NAT gateway, with every flow logged', () => {
    service.resourceCountIs('AWS::EC2::VPC', 1);
    service.resourceCountIs('AWS::EC2::NatGateway', 1);
    service.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    const generate = generateOf(service);
    expect(generate.VpcConfig.SubnetIds).toHaveLength(2);
    for (const subnet of generate.VpcConfig.SubnetIds) expect(subnet.Ref).toMatch(/modelSubnet/);
    const inVpc = functions(service).filter(([, fn]) => fn.Properties.VpcConfig);
    expect(inVpc).toHaveLength(1);
  });

  it('lets the function out on the endpoint’s port only', () => {
    const groups = Object.values(service.findResources('AWS::EC2::SecurityGroup')).filter((group) => group.Properties.GroupDescription.startsWith('Copy generate function'));
    expect(groups).toHaveLength(1);
    expect(groups[0]!.Properties.SecurityGroupEgress).toEqual([{ CidrIp: '0.0.0.0/0', Description: 'the model endpoint', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 }]);
  });
});

describe('copyModelVpc=endpoint: no internet, the provider over PrivateLink', () => {
  const serviceName = 'com.amazonaws.vpce.cn-north-1.vpce-svc-0123456789abcdef0';
  const { service } = synthSuite({ context: { ...qwen, copyModelBaseUrl: 'https://llm.example.cn/v1', copyModelVpc: 'endpoint', copyModelEndpointService: serviceName } });

  it('has no NAT gateway or internet gateway, and interface endpoints to the provider and to Secrets Manager', () => {
    service.resourceCountIs('AWS::EC2::NatGateway', 0);
    service.resourceCountIs('AWS::EC2::InternetGateway', 0);
    service.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', ServiceName: serviceName, PrivateDnsEnabled: true });
    service.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.eu-west-1.secretsmanager' });
    service.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL' });
  });

  it('lets the function reach the endpoints’ security group and nothing else', () => {
    const [generateGroupId] = Object.entries(service.findResources('AWS::EC2::SecurityGroup')).find(([, group]) => group.Properties.GroupDescription.startsWith('Copy generate function'))!;
    const inline = service.findResources('AWS::EC2::SecurityGroup')[generateGroupId]!.Properties.SecurityGroupEgress;
    // allowAllOutbound: false, and the one rule names the endpoints' group: no address range at all.
    expect(inline ?? []).toEqual([]);
    const egress = Object.values(service.findResources('AWS::EC2::SecurityGroupEgress')).filter((rule) => JSON.stringify(rule.Properties.GroupId).includes(generateGroupId));
    expect(egress.map((rule) => rule.Properties)).toEqual([expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, DestinationSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/ModelEndpointSecurityGroup/), 'GroupId'] } })]);
  });
});

describe('copy functions keep the house defaults', () => {
  it('gives the copy functions MarketingFunction’s 30 s and 512 MB unless they need more', () => {
    const { service } = synthSuite({ context: { copyModel: 'offline' } });
    const copy = functions(service).filter(([id]) => id.startsWith('Copy'));
    expect(copy.length).toBeGreaterThanOrEqual(6);
    for (const [, fn] of copy) {
      expect(fn.Properties.Timeout).toBeGreaterThanOrEqual(30);
      expect(fn.Properties.MemorySize).toBeGreaterThanOrEqual(512);
    }
  });
});

describe('cdk-nag', () => {
  it.each([
    ['openai-compatible without a VPC', qwen],
    ['openai-compatible behind NAT', { ...qwen, copyModelVpc: 'nat' }],
    ['openai-compatible over PrivateLink', { ...qwen, copyModelVpc: 'endpoint', copyModelEndpointService: 'com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0' }],
  ])('leaves no AwsSolutions finding in the copy capability with %s', (_label, context) => {
    let report = '';
    try {
      synthSuite({ nag: true, context });
    } catch (error) {
      report = (error as Error).message;
    }
    expect(report).not.toMatch(/AiMarketingService\/Copy\/|AiMarketingData\/CopyTable/);
  });
});
