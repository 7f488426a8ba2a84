import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

/**
 * The pseudonymisation key, read from Secrets Manager through Powertools Parameters (cached for five
 * minutes, so a rotated key is picked up without a redeploy and most requests cost no call).
 */
export async function pseudonymizationKey(secretId: string): Promise<string> {
  const value = await getSecret(secretId, { maxAge: 300 });
  if (typeof value !== 'string' || value.length < 32) throw new Error('the pseudonymisation secret must be a string of at least 32 characters');
  return value;
}
