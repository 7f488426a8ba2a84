import { z } from 'zod';
import { ConfigurationError, parseEnv, positiveInt } from '../../shared/config/env';

describe('function configuration', () => {
  const schema = z.object({ TABLE_NAME: z.string().min(1), MAX_CAMPAIGNS_PER_RUN: positiveInt.default(200) });

  it('parses and coerces the environment once', () => {
    expect(parseEnv(schema, { TABLE_NAME: 't', MAX_CAMPAIGNS_PER_RUN: '12' })).toEqual({ TABLE_NAME: 't', MAX_CAMPAIGNS_PER_RUN: 12 });
  });

  it('fails loudly, naming every missing or malformed variable', () => {
    expect(() => parseEnv(schema, { MAX_CAMPAIGNS_PER_RUN: '-3' })).toThrow(ConfigurationError);
    expect(() => parseEnv(schema, { MAX_CAMPAIGNS_PER_RUN: '-3' })).toThrow(/TABLE_NAME: .*; MAX_CAMPAIGNS_PER_RUN: /);
  });
});
