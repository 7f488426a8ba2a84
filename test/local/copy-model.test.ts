import { describeCopyModel, installCopyModelKey, localCopyModelFromEnv, LOCAL_API_KEY_SECRET } from '../../local/copy-model';

const generate = (environment: Record<string, string>) => ({ functions: [{ entry: 'functions/copy-generate/handler.ts', environment }] as never });

describe('the local copy model (npm start)', () => {
  it('is the offline template generator unless COPY_MODEL_URL is set, and says so', () => {
    expect(localCopyModelFromEnv({})).toEqual({ context: { copyModel: 'offline' } });
    expect(localCopyModelFromEnv({ COPY_MODEL_URL: '  ' })).toEqual({ context: { copyModel: 'offline' } });
    expect(describeCopyModel(generate({ COPY_MODEL_PROVIDER: 'offline' }))).toBe('offline template generator (not a language model)');
  });

  it('synthesizes an OpenAI-compatible model from COPY_MODEL_URL and COPY_MODEL_ID, with the key only in the local Secrets Manager', () => {
    const model = localCopyModelFromEnv({ COPY_MODEL_URL: 'http://127.0.0.1:11434/v1', COPY_MODEL_ID: 'qwen2.5:7b', COPY_MODEL_API_KEY: 'sk-x', COPY_MODEL_TEMPERATURE: '0.4', COPY_MODEL_JSON_MODE: 'true' });
    expect(model.context).toEqual({
      copyModel: 'openai-compatible',
      copyModelBaseUrl: 'http://127.0.0.1:11434/v1',
      copyModelId: 'qwen2.5:7b',
      copyModelTemperature: '0.4',
      copyModelJsonMode: 'true',
      copyModelApiKeySecretName: LOCAL_API_KEY_SECRET,
    });
    expect(JSON.stringify(model.context)).not.toContain('sk-x');
    const put = jest.fn();
    installCopyModelKey({ mini: { secrets: { put } } } as never, model);
    expect(put).toHaveBeenCalledWith(LOCAL_API_KEY_SECRET, 'sk-x');
    expect(describeCopyModel(generate({ COPY_MODEL_PROVIDER: 'openai-compatible', COPY_MODEL_BASE_URL: 'http://127.0.0.1:11434/v1', COPY_MODEL_ID: 'qwen2.5:7b' }))).toBe(
      'openai-compatible http://127.0.0.1:11434/v1 model qwen2.5:7b',
    );
  });

  it('refuses a URL without a model name', () => {
    expect(() => localCopyModelFromEnv({ COPY_MODEL_URL: 'http://127.0.0.1:11434/v1' })).toThrow(/COPY_MODEL_ID/);
  });
});
