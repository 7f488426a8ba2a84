import { randomUUID, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AwsServiceError, LOCAL_ACCOUNT_ID, epochSeconds, inputParser, type JsonService, type ServiceContext } from './json-protocol';

const secretValue = {
  SecretString: z.string().optional(),
  /** The JSON protocol carries blobs as base64; it is stored and returned as is. */
  SecretBinary: z.string().optional(),
  ClientRequestToken: z.string().min(32).max(64).optional(),
};
const schemas = {
  CreateSecret: z.object({ Name: z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/), Description: z.string().optional(), ...secretValue }),
  PutSecretValue: z.object({ SecretId: z.string(), VersionStages: z.array(z.string()).min(1).optional(), ...secretValue }),
  GetSecretValue: z.object({ SecretId: z.string(), VersionId: z.string().optional(), VersionStage: z.string().optional() }),
};
const parse = inputParser('InvalidParameterException');

interface SecretVersion {
  versionId: string;
  secretString?: string;
  secretBinary?: string;
  createdDate: number;
  stages: Set<string>;
}

interface Secret {
  name: string;
  arn: string;
  versions: SecretVersion[];
}

export interface SecretsManagerApi {
  /** Creates the secret or stores a new current version of it; returns its ARN. */
  put(name: string, value: string): string;
}

const CURRENT = 'AWSCURRENT';
const PREVIOUS = 'AWSPREVIOUS';

const notFound = (what = 'secret') => new AwsServiceError('ResourceNotFoundException', `Secrets Manager can't find the specified ${what}.`);

export function createSecretsManager(context: ServiceContext): { service: JsonService; api: SecretsManagerApi } {
  const secrets = new Map<string, Secret>();

  /** The ARN without the random six-character suffix, which callers may also use as the id. */
  const partialArn = (name: string) => `arn:aws:secretsmanager:${context.region}:${LOCAL_ACCOUNT_ID}:secret:${name}`;

  function secretById(secretId: string): Secret {
    const secret = secretId.startsWith('arn:')
      ? [...secrets.values()].find((candidate) => candidate.arn === secretId || partialArn(candidate.name) === secretId)
      : secrets.get(secretId);
    if (!secret) throw notFound();
    return secret;
  }

  function addVersion(secret: Secret, value: z.infer<typeof schemas.PutSecretValue> | z.infer<typeof schemas.CreateSecret>, stages = [CURRENT]): SecretVersion {
    if ((value.SecretString === undefined) === (value.SecretBinary === undefined)) {
      throw new AwsServiceError('InvalidParameterException', 'You must provide either SecretString or SecretBinary, but not both.');
    }
    const versionId = value.ClientRequestToken ?? randomUUID();
    const existing = secret.versions.find((version) => version.versionId === versionId);
    if (existing) {
      // A repeated ClientRequestToken is an idempotent retry only if the value is the same.
      if (existing.secretString === value.SecretString && existing.secretBinary === value.SecretBinary) return existing;
      throw new AwsServiceError('ResourceExistsException', `A version with VersionId ${versionId} already exists and has a different value.`);
    }
    if (stages.includes(CURRENT)) {
      for (const version of secret.versions) version.stages.delete(PREVIOUS);
      const current = secret.versions.find((version) => version.stages.has(CURRENT));
      current?.stages.delete(CURRENT);
      current?.stages.add(PREVIOUS);
    }
    for (const version of secret.versions) for (const stage of stages) version.stages.delete(stage);
    const version: SecretVersion = { versionId, secretString: value.SecretString, secretBinary: value.SecretBinary, createdDate: Date.now(), stages: new Set(stages) };
    secret.versions.push(version);
    return version;
  }

  function createSecret(input: z.infer<typeof schemas.CreateSecret>) {
    if (secrets.has(input.Name)) {
      throw new AwsServiceError('ResourceExistsException', `The operation failed because the secret ${input.Name} already exists.`);
    }
    const suffix = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 6);
    const secret: Secret = { name: input.Name, arn: `${partialArn(input.Name)}-${suffix}`, versions: [] };
    const hasValue = input.SecretString !== undefined || input.SecretBinary !== undefined;
    const version = hasValue ? addVersion(secret, input) : undefined;
    secrets.set(secret.name, secret);
    return { ARN: secret.arn, Name: secret.name, ...(version ? { VersionId: version.versionId } : {}) };
  }

  function putSecretValue(input: z.infer<typeof schemas.PutSecretValue>) {
    const secret = secretById(input.SecretId);
    const version = addVersion(secret, input, input.VersionStages);
    return { ARN: secret.arn, Name: secret.name, VersionId: version.versionId, VersionStages: [...version.stages] };
  }

  const operations = {
    CreateSecret: (raw: unknown) => createSecret(parse(schemas.CreateSecret, raw)),
    PutSecretValue: (raw: unknown) => putSecretValue(parse(schemas.PutSecretValue, raw)),
    GetSecretValue(raw: unknown) {
      const input = parse(schemas.GetSecretValue, raw);
      const secret = secretById(input.SecretId);
      const stage = input.VersionStage ?? (input.VersionId ? undefined : CURRENT);
      const version = secret.versions.find(
        (candidate) => (input.VersionId === undefined || candidate.versionId === input.VersionId) && (stage === undefined || candidate.stages.has(stage)),
      );
      if (!version) throw notFound(stage ? `secret value for staging label: ${stage}` : `secret value for VersionId: ${input.VersionId}`);
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: version.versionId,
        ...(version.secretString !== undefined ? { SecretString: version.secretString } : { SecretBinary: version.secretBinary }),
        VersionStages: [...version.stages],
        CreatedDate: epochSeconds(version.createdDate),
      };
    },
  };

  const api: SecretsManagerApi = {
    put: (name, value) =>
      secrets.has(name) ? putSecretValue({ SecretId: name, SecretString: value }).ARN : createSecret({ Name: name, SecretString: value }).ARN,
  };

  return { service: { targetPrefix: 'secretsmanager', contentType: 'application/x-amz-json-1.1', operations }, api };
}
