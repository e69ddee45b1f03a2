import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { EndpointEntity } from '../../src/endpoints/entities/endpoint.entity';
import { createTenant, nextNumber, Tenant } from '../factories/tenant';
import { CHROMIUM_INSTALL_TIMEOUT_MS, chromiumExecutable } from '../helpers/chromium';
import { startApp, TestApp } from '../helpers/test-app';

const SCREENSHOTS = join(process.cwd(), 'test-results');

/** Swagger UI in a real browser (Chromium, found or installed by `chromiumExecutable`, driven by playwright-core). */
describe('Swagger UI', () => {
  let t: TestApp;
  let tenant: Tenant;
  let browser: Browser;

  beforeAll(async () => {
    const executablePath = chromiumExecutable();
    t = await startApp();
    tenant = await createTenant(t);
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-gpu',
        '--no-first-run',
      ],
    });
  }, CHROMIUM_INSTALL_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('authorizes with a bearer token and buys a number with "Try it out"', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));

    await page.goto(`${t.baseUrl}/swagger`);
    await page.locator('button.authorize').first().click();
    await page.locator('.modal-ux input[aria-label="auth-bearer-value"]').fill(tenant.managerToken);
    await page.locator('.modal-ux .auth-btn-wrapper button.authorize').click();
    await page.locator('.modal-ux button.btn-done').click();

    const operation = page.locator('#operations-Endpoints-BuyPhoneNumber');
    await operation.locator('.opblock-summary').click();
    await operation.locator('button.try-out__btn').click();
    const number = nextNumber();
    await operation
      .locator('textarea.body-param__text')
      .fill(JSON.stringify({ accountId: tenant.accountId, number }, null, 2));
    await operation.locator('button.execute').click();

    const response = operation.locator('.live-responses-table .response').first();
    await response.locator('.response-col_status').filter({ hasText: '200' }).waitFor();
    const body = await response.locator('.response-col_description .microlight').first().innerText();
    const endpoint = JSON.parse(body);
    expect(endpoint).toMatchObject({ accountId: tenant.accountId, phoneNumber: number, type: 'PhoneNumber' });
    expect(endpoint.phoneNumberSid).toMatch(/^PN/);
    const stored = await t.app
      .get(DataSource)
      .getRepository(EndpointEntity)
      .findOneBy({ phoneNumber: number });
    expect(stored).toMatchObject({ id: endpoint.id, status: 'active' });

    mkdirSync(SCREENSHOTS, { recursive: true });
    await response.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'swagger-buy-phone-number.png'), fullPage: false });
    // The security headers (content security policy) leave Swagger UI working: nothing was refused.
    expect(problems).toEqual([]);
  }, 60000);
});
