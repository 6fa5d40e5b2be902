import { Match } from 'aws-cdk-lib/assertions';
import type { Synthesis } from '../sportello-app.ts';

export function prodChecks(get: () => Synthesis): void {
  describe('prod stage', () => {
    it('retains and deletion-protects every table', () => {
      const { templates } = get();
      const tables = Object.values(templates.data.findResources('AWS::DynamoDB::GlobalTable'));
      expect(tables.length).toBeGreaterThan(0);
      for (const table of tables) {
        expect(table.DeletionPolicy).toBe('Retain');
        expect(table.Properties.Replicas[0].DeletionProtectionEnabled).toBe(true);
      }
    });

    it('retains the queues, the receipt key, the buckets and the secrets', () => {
      const { templates } = get();
      for (const [key, type] of [
        ['data', 'AWS::SQS::Queue'],
        ['data', 'AWS::KMS::Key'],
        ['data', 'AWS::S3::Bucket'],
        ['web', 'AWS::S3::Bucket'],
        ['auth', 'AWS::SecretsManager::Secret'],
      ] as const) {
        const resources = Object.values(templates[key].findResources(type));
        expect(resources.length).toBeGreaterThan(0);
        for (const resource of resources)
          expect({ type, policy: resource.DeletionPolicy }).toEqual({ type, policy: 'Retain' });
      }
    });

    it('protects the user pools and uses the Plus plan with threat protection in audit mode', () => {
      const { templates } = get();
      templates.auth.resourceCountIs('AWS::Cognito::UserPool', 2);
      templates.auth.allResourcesProperties('AWS::Cognito::UserPool', {
        DeletionProtection: 'ACTIVE',
        UserPoolTier: 'PLUS',
        UserPoolAddOns: Match.objectLike({ AdvancedSecurityMode: 'AUDIT' }),
      });
      templates.auth.allResources('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
    });

    it('turns on termination protection for the stateful stacks only', () => {
      const { stacks } = get();
      expect(stacks.data.terminationProtection).toBe(true);
      expect(stacks.auth.terminationProtection).toBe(true);
      expect(stacks.api.terminationProtection).toBe(false);
    });
  });
}

export function devRemovalChecks(get: () => Synthesis): void {
  describe('dev stage', () => {
    it('destroys tables and pools with the stack and leaves deletion protection off', () => {
      const { templates, stacks } = get();
      for (const table of Object.values(templates.data.findResources('AWS::DynamoDB::GlobalTable'))) {
        expect(table.DeletionPolicy).toBe('Delete');
        expect(table.Properties.Replicas[0].DeletionProtectionEnabled).toBe(false);
      }
      templates.auth.allResources('AWS::Cognito::UserPool', { DeletionPolicy: 'Delete' });
      expect(stacks.data.terminationProtection).toBe(false);
    });
  });
}
