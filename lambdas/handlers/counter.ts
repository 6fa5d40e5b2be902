/**
 * The counter (*sportello*) routes. For now `GET /sportello/status[?region=R&axis=A]` (public, cached ~1 s at the
 * edge): the phase at the request's arrival instant under the most specific timetable for that region/axis, with the
 * server time a waiting room syncs its clock to. The form and the send come later.
 */
import { z } from 'zod';
import { awsClients } from '#adapters/clients';
import { DynamoConfig } from '#adapters/config';
import { type Axis, parseAxis, parseRegion, type Region } from '#domain/geography';
import { toIsoUtc } from '#domain/instant';
import type { ConfigStore } from '#domain/ports';
import { MOMENT_KEYS, phaseAt, resolveTimetable, scopeCandidates } from '#domain/timetable';
import { tableNames } from '#shared/env';
import { httpHandler, ok, route } from '#shared/http';

/** Regions match on the slug (`valle-d-aosta`, `Valle d'Aosta`); the answer is the canonical name. */
const regionParam = z.string().transform((text, ctx): Region => {
  const region = parseRegion(text);
  if (region) return region;
  ctx.issues.push({
    code: 'custom',
    input: text,
    message: `Regione o provincia autonoma non riconosciuta: "${text}".`,
  });
  return z.NEVER;
});
const axisParam = z.string().transform((text, ctx): Axis => {
  const axis = parseAxis(text);
  if (axis) return axis;
  ctx.issues.push({
    code: 'custom',
    input: text,
    message: `Asse di finanziamento non riconosciuto: "${text}" (valori ammessi: 1.1, 1.2, 2, 3, 4, 5.1, 5.2).`,
  });
  return z.NEVER;
});

export const StatusQuery = z.object({ region: regionParam.optional(), axis: axisParam.optional() });

export interface StatusBody {
  phase: string;
  serverTime: string;
  registrationCloses: string | null;
  moments: Record<(typeof MOMENT_KEYS)[number], string> | null;
}

export const statusRoute = (config: ConfigStore) =>
  route({
    query: StatusQuery,
    async handle({ query, request }) {
      const set = await config.timetablesFor(scopeCandidates(query.region, query.axis));
      const timetable = resolveTimetable(set, query.region, query.axis);
      const body: StatusBody = {
        phase: phaseAt(timetable, request.arrivalMs),
        serverTime: toIsoUtc(request.arrivalMs),
        registrationCloses: timetable ? toIsoUtc(timetable.registrationCloses) : null,
        moments: timetable
          ? (Object.fromEntries(MOMENT_KEYS.map((k) => [k, toIsoUtc(timetable.moments[k])])) as StatusBody['moments'])
          : null,
      };
      return ok(body);
    },
  });

const tables = tableNames(['config']);
export const handler = httpHandler({
  'GET /sportello/status': statusRoute(new DynamoConfig(awsClients().documents, tables.config)),
});
