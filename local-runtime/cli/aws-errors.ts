/**
 * What AWS can answer to `npm run execute --stack`, explained in one line with what to do.
 * A RemoteSetupError is a usage problem: exit 2, no stack trace.
 */
export class RemoteSetupError extends Error {
  public override readonly name = 'RemoteSetupError';
}

interface AwsError {
  readonly name?: string;
  readonly message?: string;
  readonly code?: string;
}

export const explainAwsError = (error: unknown, context: { stackName?: string; region?: string; endpoint?: string }): RemoteSetupError | undefined => {
  const { name = '', message = '', code = '' } = (error ?? {}) as AwsError;
  const where = context.region ? ` in ${context.region}` : '';
  if (name === 'CredentialsProviderError' || (/credentials/i.test(message) && /could not load|missing/i.test(message))) {
    return new RemoteSetupError('No AWS credentials found: run `aws configure` (or `aws sso login`), or pass --profile <name>');
  }
  if (message.includes('Region is missing')) return new RemoteSetupError('No AWS region: pass --region <region> or set AWS_REGION');
  if (name === 'ValidationError' && message.includes('does not exist')) {
    return new RemoteSetupError(`Stack ${context.stackName ?? ''} does not exist${where}: deploy it with sam build && sam deploy --guided, or pass the right --stack and --region`);
  }
  if (/^(AccessDenied|AccessDeniedException|UnauthorizedOperation|UnrecognizedClientException|InvalidClientTokenId|ExpiredToken|ExpiredTokenException)$/.test(name)) {
    return new RemoteSetupError(`AWS refused the request (${name}: ${message}): check that your credentials are current and allowed cloudformation:DescribeStacks, states:StartExecution, states:DescribeExecution and states:GetExecutionHistory`);
  }
  if (/^(ThrottlingException|Throttling|TooManyRequestsException|RequestLimitExceeded)$/.test(name)) {
    return new RemoteSetupError(`AWS throttled the requests, even after the SDK's retries (${name}): wait a moment and run again`);
  }
  if (name === 'StateMachineDoesNotExist' || name === 'InvalidArn') {
    return new RemoteSetupError(`${name}: ${message}: check --state-machine-arn and --region`);
  }
  if (name === 'InvalidExecutionInput') return new RemoteSetupError(`The state machine refused the input: ${message}`);
  if (/^(ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN)$/.test(code) || /^(ENOTFOUND|ECONNREFUSED)$/.test(name)) {
    return new RemoteSetupError(`Cannot reach ${context.endpoint ?? 'AWS'} (${code || name}): check --region, --endpoint-url and the network`);
  }
  return undefined;
};
