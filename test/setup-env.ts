// Quiet, deterministic test processes: no SDK Node-version banner, no CDK telemetry, fixed region.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.CDK_DISABLE_CLI_TELEMETRY = 'true';
process.env.AWS_REGION ??= 'us-east-1';
process.env.POWERTOOLS_DEV ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
// CDK's built-in CloudFormation validation adds seconds per synthesis and only repeats what CloudFormation
// checks on deploy; the cdk-nag plugin (test/infra) is a separate validation and stays on.
process.env.CDK_VALIDATION ??= 'false';
