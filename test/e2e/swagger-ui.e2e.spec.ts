import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { AccountEntity } from '../../src/accounts/entities/account.entity';
import { DEMO_ACCOUNT_NAME } from '../../src/bootstrap/first-start.service';
import { EndpointEntity } from '../../src/endpoints/entities/endpoint.entity';
import { createTenant, nextNumber, Tenant } from '../factories/tenant';
import { CHROMIUM_INSTALL_TIMEOUT_MS, chromiumExecutable } from '../helpers/chromium';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startApp, TestApp } from '../helpers/test-app';

const SCREENSHOTS = join(process.cwd(), 'test-results');

/** Chromium, found or installed by `chromiumExecutable`, driven by playwright-core. */
const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumExecutable(),
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

/** Collects what the page reports as broken: console errors and uncaught exceptions. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

/** Swagger UI in a real browser. */
describe('Swagger UI', () => {
  let t: TestApp;
  let tenant: Tenant;
  let browser: Browser;

  beforeAll(async () => {
    t = await startApp();
    tenant = await createTenant(t);
    browser = await launchChromium();
  }, CHROMIUM_INSTALL_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('authorizes with a bearer token and buys a number with "Try it out"', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    const problems = watchProblems(page);

    await page.goto(`${t.baseUrl}/swagger`);
    await page.locator('button.authorize').first().click();
    const bearer = page
      .locator('.modal-ux .auth-container')
      .filter({ has: page.locator('h4', { hasText: /^bearer/ }) });
    await bearer.locator('input[aria-label="auth-bearer-value"]').fill(tenant.managerToken);
    await bearer.locator('button.authorize').click();
    await page.locator('.modal-ux button.close-modal').click();

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

/**
 * A newcomer's first try: the server seeded the demo tenant, and the user has only the admin's email
 * and password. Authorize with them (Basic), open BuyPhoneNumber, "Try it out" with the prefilled
 * example as it is, Execute: the number is bought for the demo account.
 */
describe('Swagger UI on a first start', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await startApp({ env: { SEED_DEMO_TENANT: 'true' } });
    browser = await launchChromium();
  }, CHROMIUM_INSTALL_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('buys a number with the prefilled example after authorizing with an email and password', async () => {
    const demo = await t.app
      .get(DataSource)
      .getRepository(AccountEntity)
      .findOneByOrFail({ name: DEMO_ACCOUNT_NAME });
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    const problems = watchProblems(page);

    await page.goto(`${t.baseUrl}/swagger`);
    await page.locator('button.authorize').first().click();
    const basic = page
      .locator('.modal-ux .auth-container')
      .filter({ has: page.locator('h4', { hasText: /^basic/ }) });
    await basic.locator('input[aria-label="auth-basic-username"]').fill(ADMIN_EMAIL);
    await basic.locator('input[aria-label="auth-basic-password"]').fill(ADMIN_PASSWORD);
    await basic.locator('button.authorize').click();
    await page.locator('.modal-ux button.close-modal').click();

    const operation = page.locator('#operations-Endpoints-BuyPhoneNumber');
    await operation.locator('.opblock-summary').click();
    await operation.locator('button.try-out__btn').click();
    const prefilled = JSON.parse(await operation.locator('textarea.body-param__text').inputValue());
    expect(prefilled).toEqual({ accountId: demo.id, number: '+15005550006' });
    await operation.locator('button.execute').click();

    const response = operation.locator('.live-responses-table .response').first();
    await response.locator('.response-col_status').filter({ hasText: '200' }).waitFor();
    const body = await response.locator('.response-col_description .microlight').first().innerText();
    expect(JSON.parse(body)).toMatchObject({
      accountId: demo.id,
      phoneNumber: '+15005550006',
      type: 'PhoneNumber',
    });
    // The request went out with the Basic credentials the dialog took.
    const curl = await operation.locator('.curl-command').innerText();
    expect(curl).toContain('Authorization: Basic');

    mkdirSync(SCREENSHOTS, { recursive: true });
    await operation.locator('.responses-wrapper').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'swagger-first-start-buy.png'), fullPage: false });
    expect(problems).toEqual([]);
  }, 60000);
});
