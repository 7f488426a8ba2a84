#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Source } from 'aws-cdk-lib/aws-s3-deployment';
import { buildSuite } from '../lib/app';
import { buildDocsSite } from '../lib/docs-site/files';

const app = new App();
// The API reference (Swagger UI over openapi.json) is deployed with the console, under /docs/.
buildSuite(app, { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION }, { staticSites: [{ prefix: 'docs', source: Source.asset(buildDocsSite()) }] });
// Unacknowledged AwsSolutions findings fail synthesis: every exception is written down with its reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
