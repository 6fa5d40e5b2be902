import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';

const event = (): PreTokenGenerationV2TriggerEvent =>
  ({
    version: '2',
    triggerSource: 'TokenGeneration_Authentication',
    region: 'eu-south-1',
    userPoolId: 'eu-south-1_test',
    userName: 'mario@example.it',
    callerContext: { awsSdkVersion: '1', clientId: 'client' },
    request: {
      userAttributes: {},
      groupConfiguration: { groupsToOverride: [] },
      scopes: ['aws.cognito.signin.user.admin'],
    },
    response: { claimsAndScopeOverrideDetails: null },
  }) as unknown as PreTokenGenerationV2TriggerEvent;

describe('access-scope trigger', () => {
  afterEach(() => {
    delete process.env.ACCESS_SCOPE;
    jest.resetModules();
  });

  it('given a pool scope, when Cognito builds tokens, then the access token gets that scope and loses the self-service one', async () => {
    process.env.ACCESS_SCOPE = 'sportello/participant';
    const { handler } = await import('#triggers/access-scope');
    const result = await handler(event());
    const access = result.response.claimsAndScopeOverrideDetails?.accessTokenGeneration;
    expect(access?.scopesToAdd).toEqual(['sportello/participant']);
    expect(access?.scopesToSuppress).toEqual(['aws.cognito.signin.user.admin']);
  });

  it('given no scope in the environment, when the module loads, then it fails at cold start', async () => {
    await expect(import('#triggers/access-scope')).rejects.toThrow(/ACCESS_SCOPE/);
  });
});
