/** Registration Lambda (R4, R5; CONTRACT "Registration"): sign-up, e-mail code confirmation and resend, privacy notice. */
import { registrationRoutes } from '#http/routes/accounts';
import { accountsDeps } from '#wiring/accounts';
import { lambdaHttp } from '#wiring/http';

export const handler = lambdaHttp('registration', registrationRoutes(accountsDeps('registration')));
