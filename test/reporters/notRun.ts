// Lists, after every run, each test that did not run and why: a green run must never suggest that
// a skipped test passed. The reason is the skip's note (ctx.skip(note)) or the test's own title,
// which says "(skipped ...: why)" for a conditional it.skipIf.
import path from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';

export default class NotRunReporter implements Reporter {
  private filtered = false;

  onInit(vitest: Vitest): void {
    // A run narrowed with -t skips the rest on purpose: the list would only repeat the filter.
    this.filtered = Boolean(vitest.config.testNamePattern);
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const lines: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state !== 'skipped') continue;
        const mode = test.options.mode === 'todo' ? 'todo' : 'skipped';
        const file = path.relative(process.cwd(), module.moduleId);
        lines.push(`  ${file} > ${test.fullName} [${mode}${result.note ? `: ${result.note}` : ''}]`);
      }
    }
    if (this.filtered) {
      process.stdout.write(`\nNot run: ${lines.length} tests, outside the -t filter or skipped.\n`);
      return;
    }
    process.stdout.write(
      lines.length === 0
        ? '\nNot run: none. Every collected test ran.\n'
        : `\nNot run: ${lines.length} test${lines.length === 1 ? '' : 's'} (the reason is in the title or the note):\n${lines.join('\n')}\n`,
    );
  }
}
