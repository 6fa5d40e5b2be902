/**
 * `GET /sportello/status[?region=R&axis=A]` (CONTRACT): the phase under the most specific timetable, the server time
 * for clock sync and the moments. Kept apart from the counter's wiring so it can be built with any `ConfigStore`.
 */
import { z } from 'zod';
import { type Axis, parseAxis, parseRegion, type Region } from '#domain/kernel/geography';
import { toIsoUtc } from '#domain/kernel/instant';
import type { ConfigStore } from '#domain/kernel/config';
import { MOMENT_KEYS, phaseAt, resolveTimetable, scopeCandidates } from '#domain/kernel/timetable';
import { ok, route } from '#http/handler';

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
