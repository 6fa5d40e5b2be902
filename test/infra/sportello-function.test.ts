import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SportelloFunction } from '#lib/constructs/sportello-function';
import { stageFromContext } from '#lib/stage';

/** A stack holding one function under a stage built from `context`; bundling skipped (settings are the subject). */
function functionTemplate(context: Record<string, string>, clickDayConcurrency: number): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test', { env: { region: 'eu-south-1' } });
  new SportelloFunction(stack, 'Fn', {
    module: 'handlers/health',
    needs: { purpose: 'test', clickDayConcurrency },
    stage: stageFromContext((key) => context[key]),
  });
  return Template.fromStack(stack);
}

describe('SportelloFunction provisioned concurrency', () => {
  it('given clickDay off, when synthesised, then there is no alias and no provisioned concurrency', () => {
    const template = functionTemplate({ stage: 'prod' }, 2_500);
    template.resourceCountIs('AWS::Lambda::Alias', 0);
  });

  it('given clickDay on without a window, when synthesised, then the live alias keeps its concurrency', () => {
    const template = functionTemplate({ stage: 'prod', clickDay: 'on' }, 2_500);
    template.hasResourceProperties('AWS::Lambda::Alias', {
      Name: 'live',
      ProvisionedConcurrencyConfig: { ProvisionedConcurrentExecutions: 2_500 },
    });
  });

  it('given a click-day window, when synthesised, then capacity is scheduled up at its start and down at its end', () => {
    const template = functionTemplate(
      { stage: 'prod', clickDay: 'on', clickDayWindow: '2026-10-26T08:30:00Z/2026-10-26T12:00:00Z' },
      300,
    );
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MaxCapacity: 300,
      ScalableDimension: 'lambda:function:ProvisionedConcurrency',
      ScheduledActions: Match.arrayWith([
        Match.objectLike({ Schedule: 'at(2026-10-26T08:30:00)', ScalableTargetAction: { MinCapacity: 300 } }),
        Match.objectLike({ Schedule: 'at(2026-10-26T12:00:00)', ScalableTargetAction: { MinCapacity: 0 } }),
      ]),
    });
  });

  it('given a function with no click-day concurrency, when clickDay is on, then it gets none', () => {
    functionTemplate({ stage: 'prod', clickDay: 'on' }, 0).resourceCountIs('AWS::Lambda::Alias', 0);
  });

  it('refuses unknown stages and malformed windows', () => {
    expect(() => stageFromContext((key) => ({ stage: 'staging' })[key])).toThrow(/Unknown stage/);
    expect(() =>
      stageFromContext((key) => ({ stage: 'prod', clickDayWindow: '2026-10-26T12:00:00Z/2026-10-26T08:00:00Z' })[key]),
    ).toThrow(/clickDayWindow/);
  });
});
