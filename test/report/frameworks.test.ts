// The framework mappings are data: each file must follow the schema, name only checks that
// exist, and hold at least the controls the issue asks for.
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../electron/report/checks';
import { FRAMEWORK_DATA, frameworkSchema, loadFramework } from '../../electron/report/frameworks';
import { FRAMEWORKS } from '../../shared/report';

const REQUIRED: Record<(typeof FRAMEWORKS)[number], string[]> = {
  'pci-dss-4': [
    '10.2.1.2',
    '10.2.1.4',
    '10.2.1.5',
    '10.2.1.6',
    '10.2.2',
    '10.3.2',
    '10.3.4',
    '10.5.1',
    '3.7.4',
    '3.7.5',
    '3.7.6',
  ],
  'nist-800-53': ['AU-2', 'AU-3', 'AU-6', 'AU-9', 'AU-9(3)', 'AU-10', 'AU-11', 'SC-12', 'SC-13'],
  'iso-27001': ['A.8.15', 'A.8.24'],
  soc2: ['CC7.2'],
};

describe('framework mappings', () => {
  it.each(FRAMEWORKS)('%s follows the schema and holds the required controls', (id) => {
    const framework = loadFramework(id);
    expect(framework.id).toBe(id);
    expect(framework.controls.map((c) => c.id)).toEqual(expect.arrayContaining(REQUIRED[id]));
    const ids = framework.controls.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every check is used by some framework', () => {
    const used = new Set(FRAMEWORKS.flatMap((id) => loadFramework(id).controls.flatMap((c) => c.checks)));
    expect([...used].sort()).toEqual(Object.keys(CHECKS).sort());
  });

  it('refuses a mapping that names an unknown check or a bad OSCAL id', () => {
    const pci = FRAMEWORK_DATA['pci-dss-4'] as { controls: object[] };
    const bad = { ...pci, controls: [{ id: 'x', oscalId: 'x', title: 't', checks: ['no-such-check'] }] };
    expect(frameworkSchema.safeParse(bad).success).toBe(false);
    const badId = { ...pci, controls: [{ id: 'x', oscalId: '10.2', title: 't', checks: ['integrity'] }] };
    expect(frameworkSchema.safeParse(badId).error?.issues[0].message).toMatch(/OSCAL token/);
  });
});
