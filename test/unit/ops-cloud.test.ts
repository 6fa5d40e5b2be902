import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { connect, NoCloud } from '#ops/cloud';

const sqs = mockClient(SQSClient);
const saved = { ...process.env };

beforeEach(() => {
  sqs.reset();
  process.env.AWS_REGION = 'eu-south-1';
  delete process.env.AWS_ENDPOINT_URL;
  delete process.env.AWS_ENDPOINT_URL_SQS;
});
afterAll(() => {
  process.env = saved;
});

describe('ops cloud connection', () => {
  test('given --stage, then every resource name follows the stacks and the account comes from the queue URL', async () => {
    sqs
      .on(GetQueueUrlCommand, { QueueName: 'sportello-prod-sends.fifo' })
      .resolves({ QueueUrl: 'https://sqs.eu-south-1.amazonaws.com/123456789012/sportello-prod-sends.fifo' });

    const cloud = await connect({ stage: 'prod' });
    cloud.close();

    expect(cloud).toMatchObject({
      kind: 'aws',
      description: 'stage prod (eu-south-1)',
      listsBucket: 'sportello-prod-lists-123456789012-eu-south-1',
      notificationsTopicArn: 'arn:aws:sns:eu-south-1:123456789012:sportello-prod-notifications',
      sendQueueUrl: 'https://sqs.eu-south-1.amazonaws.com/123456789012/sportello-prod-sends.fifo',
    });
    expect(cloud.tables.sends).toBe('sportello-prod-sends');
    expect(cloud.tables.applications).toBe('sportello-prod-applications');
  });

  test('given a stage that cannot be reached or a bad name, then NoCloud says so in Italian', async () => {
    sqs.on(GetQueueUrlCommand).rejects(Object.assign(new Error('no queue'), { name: 'QueueDoesNotExist' }));
    await expect(connect({ stage: 'dev' })).rejects.toThrow(
      /Stage "dev" non raggiungibile nella regione eu-south-1: coda sportello-dev-sends\.fifo non trovata/,
    );
    await expect(connect({ stage: 'Prod!' })).rejects.toBeInstanceOf(NoCloud);
  });

  test('given no endpoints file, then NoCloud names the file and what to do', async () => {
    process.env.SPORTELLO_ENDPOINTS = '/nonexistent/endpoints.json';
    await expect(connect()).rejects.toThrow(
      /Cloud locale non trovato \(\/nonexistent\/endpoints\.json\): avviarlo con "npm start"/,
    );
  });
});
