import { z } from 'zod';
import { describing } from '../http/response-schema';
import { CONSENT_DECISIONS, CONSENT_PURPOSES, CONSENT_REGIMES, CONSENT_SOURCES, type ConsentView } from './model';

const EffectivePurposeSchema = z.object({
  status: z.enum(CONSENT_DECISIONS),
  basis: z.enum(['explicit', 'default']).meta({ description: '`explicit`: the user chose; `default`: the deployment\'s regime decided' }),
  at: z.string().optional(),
  source: z.enum(CONSENT_SOURCES).optional(),
  noticeVersion: z.string().optional(),
});

/** `GET`/`PUT /v1/consents/{userId}`: the effective state per purpose and the last changes, newest first. */
export const ConsentViewSchema = describing<ConsentView>()(
  z
    .object({
      userId: z.string().meta({ description: 'The pseudonym, never the raw id' }),
      regime: z.enum(CONSENT_REGIMES),
      version: z.number().int().nonnegative(),
      updatedAt: z.string().optional(),
      purposes: z.object({ profiling: EffectivePurposeSchema, 'personalised-marketing': EffectivePurposeSchema }),
      history: z.array(
        z.object({
          version: z.number().int(),
          changeId: z.string(),
          changedAt: z.string(),
          by: z.string(),
          source: z.enum(CONSENT_SOURCES),
          noticeVersion: z.string(),
          changed: z.partialRecord(z.enum(CONSENT_PURPOSES), z.enum(CONSENT_DECISIONS)),
        }),
      ),
    })
    .meta({ id: 'Consent' }),
);
