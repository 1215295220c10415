// One benchmark phase in its own process, so its peak resident memory is its own.
// Prints one JSON line: { phase, ...figures, maxRssMb }.
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { generateDemoEvents } from '../electron/demo/generate';
import { createService } from '../electron/service/service';
import { noJobContext } from '../shared/handlers';
import { parseArgs } from '../shared/channels';
import type { EventFilter } from '../shared/filter';
import { benchFilters } from './filters';
import { writePlatformCsv } from './platformCsv';

const [phase, store, extra] = process.argv.slice(2);

function maxRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const cpu = process.cpuUsage(start);
  return (cpu.user + cpu.system) / 1e6;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<Record<string, unknown>> {
  if (phase === 'generate') {
    const count = Number(extra);
    const t0 = performance.now();
    const rows = await writePlatformCsv(store, generateDemoEvents({ count }));
    return { rows, seconds: (performance.now() - t0) / 1000, bytes: fs.statSync(store).size };
  }
  const service = createService({ storePath: store });
  const ctx = noJobContext();
  try {
    // CPU time is the whole process's (worker threads included): steadier than wall time on a busy machine.
    if (phase === 'import') {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const [summary] = await service.invoke('import.files', parseArgs('import.files', { paths: [extra] }), ctx);
      const seconds = (performance.now() - t0) / 1000;
      if (summary.rejected) throw new Error(summary.rejected.message);
      return { events: summary.appended, seconds, perSecond: summary.appended / seconds, cpuSeconds: cpuSince(cpu0) };
    }
    if (phase === 'verify') {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const report = await service.invoke('verify.run', parseArgs('verify.run', {}), ctx);
      const seconds = (performance.now() - t0) / 1000;
      return {
        events: report.eventsChecked,
        ok: report.ok,
        seconds,
        perSecond: report.eventsChecked / seconds,
        cpuSeconds: cpuSince(cpu0),
      };
    }
    if (phase === 'report') {
      // `signtrail report` for each framework in each format, one after another in this process as
      // a user making all twelve would: the first verifies the store; the rest rest on that
      // verification while the store is unchanged (electron/report/verification.ts).
      const frameworks = ['pci-dss-4', 'nist-800-53', 'iso-27001', 'soc2'] as const;
      const formats = ['pdf', 'html', 'oscal'] as const;
      const plan = frameworks.flatMap((framework) => formats.map((format) => [framework, format] as const));
      const result: Record<string, unknown> = {};
      let controls = 0;
      for (const [framework, format] of plan) {
        const t0 = performance.now();
        const cpu0 = process.cpuUsage();
        const outcome = await service.invoke(
          'report.run',
          parseArgs('report.run', { framework, format, path: `${extra}.${framework}.${format}` }),
          ctx,
        );
        result[`${framework} ${format}`] = {
          ms: Math.round(performance.now() - t0),
          cpuMs: Math.round(cpuSince(cpu0) * 1000),
          verificationMs: outcome.verification?.durationMs ?? null,
          reused: outcome.verification?.reused ?? null,
        };
        controls += outcome.controls;
      }
      return { reports: result, controls, load: os.loadavg()[0].toFixed(1) };
    }
    if (phase === 'export') {
      // The same path as `signtrail export`: export.run → exportEvents (worker threads when large).
      // CPU time is the whole process's, worker threads included, so it holds up on a busy machine.
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const manifest = await service.invoke('export.run', parseArgs('export.run', { path: extra, format: 'csv' }), ctx);
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      return {
        rows: manifest.rows,
        seconds,
        perSecond: manifest.rows / seconds,
        cpuSeconds,
        cpuMicrosPerRow: +((cpuSeconds / manifest.rows) * 1e6).toFixed(2),
        perCpuSecond: manifest.rows / cpuSeconds,
      };
    }
    if (phase === 'query') {
      const sample = await service.invoke(
        'events.query',
        parseArgs('events.query', { limit: 1, offset: Math.floor(Number(extra ?? 1_000_000) / 2) }),
        ctx,
      );
      const probe = sample.rows[0];
      const { filters, combined } = benchFilters(probe);
      const keywords = ['SIGNING_OPERATION', 'denied', 'alice', 'release*', '"HSM slot 3"', probe.id];
      // A page of 100 sorted by time, count included, as the grid asks for it.
      const run = async (filter: EventFilter, rounds: number) => {
        const times: number[] = [];
        for (let i = 0; i < rounds; i++) {
          const t0 = performance.now();
          await service.invoke(
            'events.query',
            parseArgs('events.query', { filter, limit: 100, offset: (i % 5) * 100 }),
            ctx,
          );
          times.push(performance.now() - t0);
        }
        return times;
      };
      const result: Record<string, unknown> = {};
      const filterTimes: number[] = [];
      for (const [name, filter] of Object.entries(filters)) {
        const t = await run(filter, 20);
        filterTimes.push(...t);
        result[`filter ${name} p95 ms`] = +percentile(t, 95).toFixed(1);
      }
      const keywordTimes: number[] = [];
      for (const q of keywords) {
        const t = await run({ q }, 20);
        keywordTimes.push(...t);
        result[`keyword ${q.slice(0, 24)} p95 ms`] = +percentile(t, 95).toFixed(1);
      }
      const combinedTimes: number[] = [];
      for (const [name, filter] of Object.entries(combined)) {
        const t = await run(filter, 20);
        combinedTimes.push(...t);
        result[`keyword ${name} p95 ms`] = +percentile(t, 95).toFixed(1);
      }
      result.filterP95 = +percentile(filterTimes, 95).toFixed(1);
      result.keywordP95 = +percentile(keywordTimes, 95).toFixed(1);
      result.combinedP95 = +percentile(combinedTimes, 95).toFixed(1);
      return result;
    }
    if (phase === 'facets') {
      // The facet panel: the top values of its seven fields for a filter, in one events.topValues
      // call as the panel asks them. p95 over the whole panel.
      const fields = ['actor', 'action', 'category', 'status', 'entity', 'keyId', 'agent'] as const;
      const filters: Record<string, EventFilter> = {
        none: {},
        'status DENIED': { statuses: ['DENIED'] },
        'category signing': { categories: ['signing'] },
      };
      const result: Record<string, unknown> = {};
      const all: number[] = [];
      // CPU time beside wall time: on a shared machine the wall figure is mostly waiting for a core.
      const cpuTimes: number[] = [];
      for (const [name, filter] of Object.entries(filters)) {
        const times: number[] = [];
        const args = parseArgs('events.topValues', { filter, fields: [...fields], limit: 5 });
        let sampled: number | undefined;
        for (let i = 0; i < 10; i++) {
          const t0 = performance.now();
          const cpu0 = process.cpuUsage();
          sampled = (await service.invoke('events.topValues', args, ctx))[0].sampled;
          const cpu = process.cpuUsage(cpu0);
          times.push(performance.now() - t0);
          cpuTimes.push((cpu.user + cpu.system) / 1000);
        }
        result[`facets ${name} counted`] = sampled ? `newest ${sampled} matches` : 'every match';
        all.push(...times);
        result[`facets ${name} p95 ms`] = +percentile(times, 95).toFixed(1);
      }
      result.facetsP95 = +percentile(all, 95).toFixed(1);
      result.facetsCpuP95 = +percentile(cpuTimes, 95).toFixed(1);
      return result;
    }
    throw new Error(`unknown phase ${phase}`);
  } finally {
    service.close();
  }
}

main().then(
  (figures) => {
    process.stdout.write(JSON.stringify({ phase, ...figures, maxRssMb: maxRssMb() }) + '\n');
  },
  (err) => {
    process.stderr.write(`bench ${phase}: ${(err as Error).stack}\n`);
    process.exitCode = 1;
  },
);
