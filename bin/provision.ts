/**
 * `npm run provision -- --stage <stage> [--clean] [--yes]`: the resources of a stage on an external endpoint, from the
 * same definitions the local cloud and the CDK stacks use — tables, the FIFO queue and its DLQ, the topic, buckets,
 * user pools, the receipts' KMS key, the notifications topic's delivery queue and its DLQ,
 * and for tests the verification codes table. Idempotent.
 * `--clean` deletes them again. Endpoints as the SDK reads them: `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`,
 * else AWS itself in `AWS_REGION` (there `--clean` also needs `--yes`, and new user pools need a real IAM role to text
 * through: `SPORTELLO_COGNITO_SMS_ROLE_ARN`). No emulator is ever started here.
 */
import { externalCredentials, LOCAL_REGION, planServices } from '#local/aws-services';
import { awsClients } from '#local/cloud-clients';
import type { ServiceEndpoints } from '#local/endpoints';
import { cleanUp } from '#local/provision/clean';
import { provision, resourceEnv } from '#local/provision/index';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = 'Uso: npm run provision -- --stage <stage> [--clean] [--yes]';

function parse(argv: readonly string[]) {
  const options = { stage: '', clean: false, yes: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--clean') options.clean = true;
    else if (arg === '--yes') options.yes = true;
    else if (arg === '--stage') options.stage = argv[++i] ?? '';
    else throw new Error(`Argomento non riconosciuto: ${arg}. ${USAGE}`);
  }
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(options.stage)) {
    throw new Error(`Indicare --stage con lettere minuscole, cifre e trattini (es. --stage it). ${USAGE}`);
  }
  return options;
}

async function main() {
  const options = parse(process.argv.slice(2));
  const region = process.env.AWS_REGION ?? LOCAL_REGION;
  const { external } = planServices({ ...process.env, SPORTELLO_EXTERNAL_AWS: '1' }, region);
  const services = external as ServiceEndpoints;
  const onAws = Object.values(services).some((url) => /\.amazonaws\.com(\.cn)?$/.test(new URL(url).hostname));
  for (const [service, url] of Object.entries(services)) console.log(`${service.padEnd(8)} ${url}`);
  const clients = awsClients({ region, credentials: externalCredentials(services, process.env), services });
  try {
    if (options.clean) {
      if (onAws && !options.yes) {
        throw new Error(`Servizi su AWS: per cancellare lo stage ${options.stage} aggiungere --yes.`);
      }
      const gone = await cleanUp(clients, options.stage);
      console.log(
        gone.length ? `Cancellati:\n  ${gone.join('\n  ')}` : `Nulla da cancellare per lo stage ${options.stage}.`,
      );
      return;
    }
    const resources = await provision(clients, {
      stage: options.stage,
      cognitoIssuerBase: process.env.SPORTELLO_COGNITO_ISSUER_BASE ?? services.cognito,
      codes: true,
      ...(process.env.SPORTELLO_COGNITO_SMS_ROLE_ARN ? { smsRoleArn: process.env.SPORTELLO_COGNITO_SMS_ROLE_ARN } : {}),
      warn: (line) => console.error(line),
    });
    // What a handler of this stage gets; the pools' client secrets stay in Cognito.
    for (const [name, value] of Object.entries(resourceEnv(resources))) {
      console.log(`${name}=${name.endsWith('_CLIENT_SECRET') ? '(segreto: in Cognito)' : value}`);
    }
    if (resources.codes) console.log(`codici di verifica (test): ${resources.codes.name}`);
    console.log(
      `Stage ${options.stage} pronto. Per cancellarlo: npm run provision -- --stage ${options.stage} --clean`,
    );
  } finally {
    clients.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`Provisioning non riuscito: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
