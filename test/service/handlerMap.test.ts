// The service's handler map is total by type: a channel without a handler, a handler without a
// channel, or one channel answered by two features fails `npm run typecheck` (the
// expect-error lines below are errors the type-checker must keep reporting).
import { describe, expect, it } from 'vitest';
import { channels, isHomeChannel, isShellChannel, type Channel, type ServiceChannel } from '../../shared/channels';
import { handlerMap, noJobContext, type HandlerMap } from '../../shared/handlers';

const ok = <C extends Channel>(_channel: C) => (() => ({}) as never) as HandlerMap<C>[C];

describe('handlerMap', () => {
  it('combines feature maps into one map of every channel', async () => {
    const map = handlerMap<'store.info' | 'events.facets'>()(
      { 'store.info': () => ({ path: 'x' }) as never },
      { 'events.facets': () => ({ actions: [] }) as never },
    );
    expect(Object.keys(map).sort()).toEqual(['events.facets', 'store.info']);
    expect(await map['store.info']({}, noJobContext())).toEqual({ path: 'x' });
  });

  it('refuses a missing handler, a handler without a channel, and a channel answered twice', () => {
    const two = handlerMap<'store.info' | 'events.facets'>();
    // @ts-expect-error events.facets has no handler
    expect(() => two({ 'store.info': ok('store.info') })).not.toThrow();
    // @ts-expect-error events.get is not one of this map's channels
    two({ 'store.info': ok('store.info'), 'events.facets': ok('events.facets'), 'events.get': ok('events.get') });
    expect(() =>
      // @ts-expect-error store.info is answered by two features (also refused at run time)
      two({ 'store.info': ok('store.info') }, { 'store.info': ok('store.info'), 'events.facets': ok('events.facets') }),
    ).toThrow('Two features answer the channel "store.info".');
    // @ts-expect-error a handler must return its channel's result type
    two({ 'store.info': () => 42, 'events.facets': ok('events.facets') });
  });

  it('the service channels are every channel but the shell channels and job.cancel', () => {
    const service: Record<ServiceChannel, true> = {
      'store.info': true,
      'events.query': true,
      'events.get': true,
      'events.facets': true,
      'events.topValues': true,
      'events.histogram': true,
      'import.files': true,
      'verify.run': true,
      'export.run': true,
      'report.run': true,
      'checkpoint.latest': true,
      'detect.run': true,
      'detect.blastRadius': true,
      'detect.artifact': true,
      'detect.marks': true,
      'detect.folders': true,
      'detect.addFolder': true,
      'detect.removeFolder': true,
      'detect.confirmFolder': true,
      'sync.sources': true,
      'sync.run': true,
      'sync.addSource': true,
      'sync.removeSource': true,
      'sync.setToken': true,
      'sync.confirmSource': true,
      'journal.add': true,
      'journal.list': true,
      'journal.annotations': true,
      'journal.tags': true,
      'journal.savedSearches': true,
      'journal.questions': true,
      'journal.entityNotes': true,
      'proof.event': true,
      'proof.consistency': true,
      'evidence.make': true,
    };
    const shell = (Object.keys(channels) as Channel[]).filter(isShellChannel);
    // The installation's channels (key, demo, rule folders) are answered with no case open: electron/service/homeHandlers.ts.
    const home = (Object.keys(channels) as Channel[]).filter(isHomeChannel);
    expect(home.sort()).toEqual([
      'demo.create',
      'key.verifier',
      'rules.installationAdd',
      'rules.installationList',
      'rules.installationRemove',
    ]);
    expect([...Object.keys(service), ...shell, ...home, 'job.cancel'].sort()).toEqual(Object.keys(channels).sort());
  });
});
