// quick import timing with env-controlled knobs
import { createService } from '../electron/service/service';
import { noJobContext } from '../electron/service/types';
import { parseArgs } from '../shared/channels';
(async () => {
  const s = createService({ storePath: process.argv[2] });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const [sum] = await s.invoke('import.files', parseArgs('import.files', { paths: [process.argv[3]] }), noJobContext());
  const cpu = process.cpuUsage(cpu0);
  console.log(process.env.LABEL, sum.appended, 'wall', Math.round(performance.now() - t0), 'cpu', Math.round((cpu.user + cpu.system) / 1000), Math.round(sum.appended / ((performance.now() - t0) / 1000)), '/s');
  s.close();
})();
