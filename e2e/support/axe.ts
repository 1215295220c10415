// The accessibility check the UI specs share: axe's serious and critical WCAG 2.1 A/AA violations.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

export async function seriousViolations(page: Page, include?: string, { settled = true } = {}) {
  // A settled view: the grid's rows loaded (its named indicator, outside the grid, gone).
  if (settled)
    await page.getByRole('progressbar', { name: 'Loading events' }).waitFor({ state: 'detached', timeout: 15_000 });
  // Legacy mode runs axe in this page: the shared page comes from browser.newPage(), which has no context of its own.
  let builder = new AxeBuilder({ page }).setLegacyMode(true).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (include) builder = builder.include(include);
  const result = await builder.analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)} — ${n.failureSummary ?? ''}`).join(' | ')}`,
    );
}
