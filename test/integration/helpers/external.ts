/**
 * The environment of a child process (the provisioning CLI, a nested jest run) that reaches the cloud under test's
 * services as external endpoints, the way a tester points them at LocalStack: this process's environment without what
 * ties it to that cloud (the handler variables, the endpoints file), plus `AWS_ENDPOINT_URL_<SERVICE>` for every
 * service, its region and, where it has them, its static keys.
 */
import { SDK_SERVICE_IDS, type ServiceKey } from '#local/aws-services';
import { endpoints } from './cloud.ts';

export function envAtServices(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const e = endpoints();
  const own = new Set([...Object.keys(e.env), 'SPORTELLO_ENDPOINTS', 'SPORTELLO_SKIP_LOG', 'JEST_WORKER_ID']);
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !own.has(name)));
  for (const [service, id] of Object.entries(SDK_SERVICE_IDS)) {
    env[`AWS_ENDPOINT_URL_${id}`] = e.services[service as ServiceKey];
  }
  if (e.credentials) {
    env.AWS_ACCESS_KEY_ID = e.credentials.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = e.credentials.secretAccessKey;
  }
  return { ...env, AWS_REGION: e.region, FORCE_COLOR: '0', ...extra };
}

/** `<service>=<url>, …` in the order the global setup prints the external services. */
export function servicesLine(): string {
  const services = endpoints().services;
  return (Object.keys(SDK_SERVICE_IDS) as ServiceKey[]).map((s) => `${s}=${services[s]}`).join(', ');
}
