// Takes the README's dashboard screenshots from a running stack (./run.sh) with Debian's Chromium:
//   npm install playwright-core@1.65.1 && node scripts/screenshots.js "<dashboard login URL>" docs
// The worker's command menu is opened by position (the dashboard's grid has no stable selectors).
const { chromium } = require('playwright-core');

(async () => {
  const [login, out = 'docs'] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await page.goto(login);
  await page.waitForTimeout(5000);
  await page.screenshot({ path: `${out}/aspire-dashboard.png` });
  await page.mouse.click(1565, 377); // the worker row's "..." menu
  await page.waitForTimeout(1000);
  await page.mouse.click(1459, 656); // "Commands"
  await page.waitForTimeout(1000);
  await page.screenshot({ path: `${out}/aspire-worker-commands.png` });
  await page.goto('http://localhost:5090/hangfire');
  await page.waitForTimeout(3000);
  await page.screenshot({ path: `${out}/hangfire-dashboard.png` });
  await browser.close();
})();
