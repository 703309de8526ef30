import { randomBytes } from 'node:crypto';
import { LOCAL_CREDENTIALS } from '../sqs/local-sqs';

/**
 * The environment variables Lambda sets in an execution environment (Lambda developer guide,
 * "Defined runtime environment variables"), plus the endpoint URLs that send the function's
 * unchanged AWS SDK clients to the local runtime. The function's own variables come last and win,
 * as on Lambda for the ones it allows to be set.
 *
 * `endpoints` are by SDK service id (sfn, sqs, lambda): AWS_ENDPOINT_URL_<ID>. `otherServices`,
 * when given, is AWS_ENDPOINT_URL, the SDK's endpoint for every other service: the runtime points
 * it at an endpoint that refuses each call, naming the service, so that a call to a service the
 * runtime does not emulate fails at once and says why, instead of reaching AWS.
 */
export interface LambdaEnvironmentSpec {
  readonly functionName: string;
  readonly handler: string;
  readonly runtime: string;
  readonly memorySizeMb: number;
  readonly codeDir: string;
  readonly region: string;
  readonly logGroupName?: string;
  readonly endpoints: Readonly<Record<string, string>>;
  readonly otherServices?: string;
  readonly variables: Readonly<Record<string, string>>;
}

export const lambdaEnvironment = (spec: LambdaEnvironmentSpec): Record<string, string> => {
  const today = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    AWS_REGION: spec.region,
    AWS_DEFAULT_REGION: spec.region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: 'local-runtime-session',
    AWS_EXECUTION_ENV: `AWS_Lambda_${spec.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: spec.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memorySizeMb),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: spec.logGroupName ?? `/aws/lambda/${spec.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `${today}/[$LATEST]${randomBytes(16).toString('hex')}`,
    LAMBDA_TASK_ROOT: spec.codeDir,
    LAMBDA_RUNTIME_DIR: '/var/runtime',
    _HANDLER: spec.handler,
    // Lambda runs nodejs24.x; emulated on an older local Node, the SDK would warn on every cold start.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...(spec.otherServices !== undefined && { AWS_ENDPOINT_URL: spec.otherServices }),
    ...Object.fromEntries(Object.entries(spec.endpoints).map(([service, url]) => [`AWS_ENDPOINT_URL_${service.toUpperCase()}`, url])),
    ...spec.variables,
  };
};
