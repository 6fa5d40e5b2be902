/**
 * `log verify [--since <file>] [--receipt <file>]`: runs `sportello-verify`'s code on the product's own published
 * files (the lists bucket, where the site reads them), before or after they reach the public.
 */
import type { Command } from 'commander';
import { ListsBucket } from '#adapters/s3/lists-bucket';
import { action, commandGroup } from '#ops/cli';
import { withCloud } from '#ops/cloud';
import { type StageOption, withStage } from '#ops/io';
import { type VerificationFlags, verifyAndReport, withVerificationFlags } from './verification.ts';

export function registerLogVerify(program: Command): void {
  withStage(
    withVerificationFlags(
      commandGroup(program, 'log', 'Registro pubblico degli invii (verificabile)')
        .command('verify')
        .description('Verifica registro ed elenchi pubblicati come sportello-verify, leggendo il bucket pubblico'),
    ),
  ).action(
    action((options: VerificationFlags & StageOption) =>
      withCloud(options, async (cloud) => {
        const bucket = new ListsBucket(cloud.clients.s3, cloud.listsBucket);
        const files = {
          description: cloud.description,
          read: async (path: string) => {
            const stored = await bucket.get(path);
            return stored ? new Uint8Array(stored.body) : null;
          },
        };
        await verifyAndReport(files, options);
      }),
    ),
  );
}
