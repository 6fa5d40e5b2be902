/**
 * `--dry-run` enforced below the commands: in a dry run every AWS client of the CLI refuses any operation that is not a
 * read, before it leaves the process. A command checks and reports what it would do and skips its writes itself; if
 * one ever forgot, its write fails here (exit 2) instead of changing the cloud.
 */
import type { AwsClients } from '#adapters/clients';

/** Operations that change nothing (SDK command names: `GetItemCommand`, `QueryCommand`, `ListObjectsV2Command`…). */
const READS = /^(Get|BatchGet|TransactGet|Query|Scan|Describe|List|Head)[A-Za-z0-9]*Command$/;

export class DryRunWrite extends Error {
  override readonly name = 'DryRunWrite';
}

interface Stack {
  middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => unknown,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

export function refuseWrites(clients: AwsClients): void {
  // The document client shares its stack with `dynamo`: adding it there too would run the check twice.
  const { documents: _shared, ...own } = clients;
  for (const client of Object.values(own) as unknown as Stack[]) {
    client.middlewareStack.add(
      (next, context) => async (args: unknown) => {
        const command = context.commandName ?? '';
        if (!READS.test(command)) {
          throw new DryRunWrite(`prova (--dry-run): ${command.replace(/Command$/, '')} bloccata, nessuna scrittura`);
        }
        return next(args);
      },
      { step: 'initialize', name: 'sportelloDryRun' },
    );
  }
}
