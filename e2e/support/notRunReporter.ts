// Lists, after the end-to-end run, each test that did not run and the reason its test.skip gave.
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class NotRunReporter implements Reporter {
  private readonly notRun: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reasons = [...test.annotations, ...result.annotations]
      .filter((a) => a.type === 'skip' || a.type === 'fixme')
      .map((a) => a.description?.replace(/^Skipped: /, ''))
      .filter((d): d is string => Boolean(d));
    const why = [...new Set(reasons)].join('; ');
    this.notRun.push(`  ${test.titlePath().filter(Boolean).join(' > ')} [skipped: ${why || 'no reason given'}]`);
  }

  onEnd(): void {
    process.stdout.write(
      this.notRun.length === 0
        ? '\nNot run (end to end): none. Every collected test ran.\n'
        : `\nNot run (end to end): ${this.notRun.length} test${this.notRun.length === 1 ? '' : 's'}:\n${this.notRun.join('\n')}\n`,
    );
  }
}
