import { expect, test } from '@playwright/test';
import { useDemoPage } from './support/demoPage';
const session = useDemoPage('probe', 5000);
test('probe', async () => {
  const page = session.page;
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
  page.on('console', (m) => m.type() === 'error' && console.log('CONSOLE', m.text()));
  await page.waitForTimeout(1500);
  await page.screenshot({ path: '/tmp/uxprobe/main.png' });
  await page.locator('.MuiDataGrid-row').first().locator('[data-field="actorId"]').click();
  await page.waitForTimeout(800);
  await page.screenshot({ path: '/tmp/uxprobe/detail.png' });
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.waitForTimeout(800);
  await page.screenshot({ path: '/tmp/uxprobe/small.png' });
});
