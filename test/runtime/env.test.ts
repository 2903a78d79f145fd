import { describe, expect, it } from 'vitest';
import { FUNCTION_ENV, type FunctionName, readFunctionEnv } from '../../functions/runtime/env';

const full = (fn: FunctionName) => Object.fromEntries(FUNCTION_ENV[fn].map((k) => [k, `value-of-${k}`]));

describe('the environment contract of each function', () => {
  it('reads every contract key and the optional overrides when present', () => {
    const env = readFunctionEnv('digest', {
      ...full('digest'),
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:1',
      OTHER: 'x',
    });
    expect(env).toEqual({ ...full('digest'), DYNAMODB_ENDPOINT: 'http://127.0.0.1:1' });
  });

  it('fails with one line naming the function and the missing or empty key', () => {
    for (const fn of Object.keys(FUNCTION_ENV) as FunctionName[]) {
      for (const key of FUNCTION_ENV[fn]) {
        const env = { ...full(fn), [key]: key.length % 2 ? '' : undefined };
        expect(() => readFunctionEnv(fn, env)).toThrow(
          new RegExp(`^${fn} function: environment variable ${key} is missing or empty$`),
        );
      }
    }
  });

  it('treats an empty optional override as absent', () => {
    expect(readFunctionEnv('ses-events', { TABLE_NAME: 't', PUBLIC_BASE_URL: ' ' })).toEqual({
      TABLE_NAME: 't',
    });
  });
});
