// The framework mappings: one data file per framework (electron/report/frameworks/*.json), each
// control with its identifiers and the checks that evidence it. A new framework or a corrected
// mapping is a data change; test/report/frameworks.test.ts checks every file against this schema.
import { z } from 'zod';
import type { FrameworkId } from '../../shared/report';
import { CHECKS } from './checks';
import iso27001 from './frameworks/iso-27001.json';
import nist80053 from './frameworks/nist-800-53.json';
import pciDss4 from './frameworks/pci-dss-4.json';
import soc2 from './frameworks/soc2.json';

/** OSCAL's token: a letter or `_` first, then letters, digits, `.`, `-`, `_`. */
const OSCAL_TOKEN = /^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u;

export const frameworkSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(1),
    source: z.string().min(1),
    controls: z
      .array(
        z
          .object({
            id: z.string().min(1),
            oscalId: z.string().regex(OSCAL_TOKEN, 'oscalId must be an OSCAL token'),
            title: z.string().min(1),
            checks: z
              .array(z.string().refine((c) => Object.prototype.hasOwnProperty.call(CHECKS, c), 'no such check'))
              .min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type Framework = z.infer<typeof frameworkSchema>;

export const FRAMEWORK_DATA: Record<FrameworkId, unknown> = {
  'pci-dss-4': pciDss4,
  'nist-800-53': nist80053,
  'iso-27001': iso27001,
  soc2,
};

export function loadFramework(id: FrameworkId): Framework {
  const parsed = frameworkSchema.safeParse(FRAMEWORK_DATA[id]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`frameworks/${id}.json: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
