import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { Synthesis } from '../sportello-app.ts';

export function nagChecks(get: () => Synthesis): void {
  describe('cdk-nag AwsSolutions', () => {
    it('reports no unacknowledged finding (errors and warnings alike)', () => {
      const { app } = get();
      const report = new AwsSolutionsChecks(app).validateScope(app);
      expect(report.violations.length).toBeGreaterThan(0); // the accepted ones, acknowledged below
      const unacknowledged = report.violations.flatMap((violation) =>
        violation.violatingResources
          .filter((resource) => !acknowledged(app, resource.constructPath ?? '', violation.ruleName))
          .map((resource) => `${violation.ruleName}: ${resource.constructPath}`),
      );
      expect(unacknowledged).toEqual([]);
    });

    it('acknowledges every accepted finding with a written reason', () => {
      const { app } = get();
      const acknowledgements = app.node
        .findAll()
        .flatMap((construct) => construct.node.metadata)
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>));
      const nag = acknowledgements.filter(([id]) => id.startsWith('AwsSolutions::'));
      expect(nag.length).toBeGreaterThan(0);
      for (const [id, reason] of acknowledgements) {
        expect({ id, reasonLongEnough: reason.trim().length >= 40 }).toEqual({ id, reasonLongEnough: true });
      }
    });
  });
}

/** As CDK does at synth: a finding is acknowledged on its construct or any ancestor (`<plugin>::<rule>`). */
function acknowledged(app: App, constructPath: string, ruleName: string): boolean {
  let current: IConstruct | undefined = app.node.findAll().find((c) => c.node.path === constructPath);
  while (current) {
    for (const entry of current.node.metadata) {
      if (
        entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY &&
        `AwsSolutions::${ruleName}` in (entry.data as object)
      ) {
        return true;
      }
    }
    current = current.node.scope;
  }
  return false;
}
