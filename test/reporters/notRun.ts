// Lists, after every run, each test that did not run and why: a green run must never suggest that
// a skipped test passed. The reason is the skip's note (ctx.skip(note)) or the test's own title,
// which says "(skipped ...: why)" for a conditional it.skipIf.
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export default class NotRunReporter implements Reporter {
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
    process.stdout.write(
      lines.length === 0
        ? '\nNot run: none. Every collected test ran.\n'
        : `\nNot run: ${lines.length} test${lines.length === 1 ? '' : 's'} (the reason is in the title or the note):\n${lines.join('\n')}\n`,
    );
  }
}
