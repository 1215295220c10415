// A stand-in for the real service: records what reached it, answers with shapes of the contract,
// and lets tests drive progress and cancellation.
import fs from 'node:fs';
import type { Channel, ParsedArgs } from '../../shared/channels';
import type { ExportManifest, ImportSummary } from '../../shared/results';
import type { JobContext } from '../../shared/handlers';
import type { Service } from '../../electron/service/types';

export interface FakeService extends Service {
  calls: { channel: Channel; args: unknown }[];
}

export function createFakeService(): FakeService {
  const calls: FakeService['calls'] = [];
  const answers: Partial<Record<Channel, (args: never, ctx: JobContext) => unknown>> = {
    'events.query': (args: ParsedArgs<'events.query'>) => ({ rows: [], total: args.limit, totalIsEstimate: false }),
    'import.files': (args: ParsedArgs<'import.files'>) =>
      args.paths.map((file): ImportSummary => ({
        file,
        format: 'csv',
        sha256: '',
        bytes: fs.statSync(file).size,
        received: fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length - 1,
        appended: 0,
        duplicates: 0,
        conflicts: [],
        assumedTimeZone: args.assumeTz ?? null,
        firstSeq: null,
        lastSeq: null,
        importId: null,
        rejected: null,
      })),
    // Runs until cancelled, reporting progress, like a long verification.
    'verify.run': (_args, ctx) =>
      new Promise((_resolve, reject) => {
        ctx.progress('Verifying', 1, 10);
        ctx.signal.addEventListener('abort', () => reject(new Error('Verification cancelled.')));
      }),
    'export.run': (args: ParsedArgs<'export.run'>): ExportManifest => {
      fs.writeFileSync(args.path, 'seq,timestamp\n1,2026-01-01T00:00:00Z\n');
      fs.writeFileSync(`${args.path}.manifest.json`, '{}');
      return {
        file: args.path,
        format: args.format,
        sha256: 'x',
        rows: 1,
        filter: args.filter,
        checkpoint: null,
        signtrailVersion: '0',
        exportedAt: '',
        exportedBy: '',
      };
    },
    'events.get': () => {
      throw Object.assign(new Error('Bad search: unbalanced quote at column 3.'), { name: 'SearchSyntaxError' });
    },
  };
  return {
    calls,
    async invoke(channel, args, ctx) {
      calls.push({ channel, args });
      const answer = answers[channel];
      return (answer ? await answer(args as never, ctx) : { channel }) as never;
    },
    close() {},
  };
}
