#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildSuite } from '../lib/app';

const app = new App();
buildSuite(app, { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION });
// Unacknowledged AwsSolutions findings fail synthesis: every exception is written down with its reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
