#!/usr/bin/env -S npx tsx
/** The CDK app: `npx cdk synth` / `npx cdk deploy`. Configuration comes from cdk.json context (README). */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SanctionsNotifierStack } from '../lib/sanctions-notifier-stack';
import { allSourceDefinitions } from '../lib/sources';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const app = new App();
new SanctionsNotifierStack(app, app.node.tryGetContext('stackName') ?? 'SanctionsNotifier', {
  sources: allSourceDefinitions(),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
