/**
 * The investigator's web UI in real Chromium (issue 7): sign in → open a case → a supervisor
 * approves its basis once the plan is recorded (R2) → upload files by drag and drop → see them as
 * cards → open an item: hashes, verify now, custody timeline (R7) → an auditor filters and
 * verifies the ledger (R8). Graphic media are blurred until revealed and counted (R18). An XSS
 * corpus in file names, embedded metadata and ledger reasons renders as text and never runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import {
  buildUi,
  computedStyle,
  dataTransferWith,
  focusedElement,
  noHorizontalOverflow,
  renderedWidth,
  saveScreenshot,
  signIn,
  signOut,
  startWorkbench,
} from './web-harness.js';
import type { Workbench } from './web-harness.js';

/** Payloads that would run if any of them reached the DOM as HTML (none contains `/`: file names). */
const XSS = {
  fileName: '<img src=x onerror=alert(document.domain)>.txt',
  metadata: '<svg onload=alert(1)><script>alert(2)</script>',
  reason: '"><img src=x onerror=alert(3)> <iframe src=javascript:alert(4)>',
};
/** A fictional appeal that the English lexicon flags as financing, with a payload beside it. */
const TEXT_POST =
  'Lantern Circle bulletin <script>alert(5)</script>\nSponsor a fighter today: equip a mujahid.\nFollow https://t.me/lantern_circle_fund for the route.\n';
const ARABIC_TITLE = 'حلقة الفانوس — متابعة';
const URDU_TITLE = 'تصویر نامعلوم';

/** An XMP packet with a dc:title (EXIF ASCII cannot carry Arabic script; XMP is UTF-8). */
const xmpTitle = (title: string) =>
  `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">${title}</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

describe('web UI end to end', () => {
  let wb: Workbench;
  let caseId = '';
  let imageItem = '';

  beforeAll(async () => {
    const webRoot = await buildUi();
    wb = await startWorkbench(webRoot);
  });
  afterAll(async () => {
    await wb?.close();
  });

  const expectNoProblems = () => expect(wb.problems).toEqual([]);

  it('serves the shell under the strict CSP and keeps the sign-in form keyboard reachable', async () => {
    const page = await wb.newPage();
    const response = await page.goto(wb.url);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(response?.headers()['content-security-policy']).not.toContain('unsafe-inline');
    await page.getByLabel('Name').waitFor();
    // Focus starts in the name field; Tab walks name → password → submit.
    const focused = () => focusedElement(page);
    expect(await focused()).toBe('INPUT:name');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('INPUT:password');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('BUTTON:Sign in');
    // And signing in works from the keyboard alone.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type('investigator');
    await page.keyboard.press('Tab');
    await page.keyboard.type('correct horse battery staple');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await saveScreenshot(page, 'home-1280');
    await page.context().close();
    expectNoProblems();
  });

  it('opens a case that stays planning until the plan is recorded and a supervisor approves the basis', async () => {
    const page = await wb.newPage();
    await signIn(page, wb.url, 'investigator');
    await page.getByRole('link', { name: 'Cases', exact: true }).click();
    await page.getByLabel('Title').fill(ARABIC_TITLE);
    await page.getByLabel('Authority').fill('Fictional District Court');
    await page.getByLabel('Reference').fill('WR-2026-0042');
    await page
      .getByLabel('Purpose')
      .fill('identify the financiers of the fictional Lantern Circle');
    await page.getByRole('button', { name: 'Open case' }).click();
    await page.waitForURL(/#\/cases\/C-[0-9]+$/);
    caseId = /C-[0-9]+/.exec(page.url())?.[0] ?? '';
    expect(caseId).not.toBe('');
    const heading = page.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.textContent()).toContain(ARABIC_TITLE);
    // The title is user content: its own direction (Arabic reads right to left).
    expect(await computedStyle(heading.locator('[dir=auto]'), 'direction')).toBe('rtl');
    await expect.poll(() => page.getByTestId('case-state').first().textContent()).toBe('planning');
    expect(await page.getByTestId('case-policy').textContent()).toContain('supervisor approves');
    expect(await page.getByTestId('readiness').textContent()).toContain('plan and risk assessment');

    await page
      .getByRole('textbox', { name: 'Plan', exact: true })
      .fill('monitor the fictional channel for financing appeals');
    await page
      .getByRole('textbox', { name: 'Risk assessment' })
      .fill('graphic content; persona exposure');
    await page.getByRole('button', { name: 'Record plan' }).click();
    await page.getByTestId('plan-text').waitFor();
    await expect
      .poll(() => page.getByTestId('readiness').textContent())
      .toContain("supervisor's approval");
    expect(await page.getByText('Collection opens when the case leaves planning.').count()).toBe(1);
    await signOut(page);

    // The supervisor sees the basis waiting on the home page and approves it.
    await signIn(page, wb.url, 'supervisor');
    await page.getByRole('heading', { name: 'Legal bases awaiting your approval' }).waitFor();
    await page
      .getByRole('link', { name: new RegExp(caseId) })
      .first()
      .click();
    await page.getByRole('button', { name: 'Approve WR-2026-0042' }).click();
    await expect.poll(() => page.getByTestId('case-state').first().textContent()).toBe('open');
    expect(await page.getByText('approved', { exact: true }).count()).toBeGreaterThan(0);
    // Content stays with the members: the supervisor is not one.
    expect(await page.getByText('visible to the case').count()).toBe(1);
    await saveScreenshot(page, 'case-approved');
    await page.context().close();
    expectNoProblems();
  });

  it('uploads files by drag and drop and shows them as cards; item page shows hashes and custody', async () => {
    const page = await wb.newPage();
    await signIn(page, wb.url, 'investigator');
    await page.goto(`${wb.url}/#/cases/${caseId}`);
    const image = await sharp({
      create: { width: 320, height: 200, channels: 3, background: { r: 200, g: 40, b: 40 } },
    })
      .composite([
        {
          input: await sharp({
            create: { width: 160, height: 100, channels: 3, background: { r: 20, g: 90, b: 200 } },
          })
            .png()
            .toBuffer(),
          left: 40,
          top: 30,
        },
      ])
      .jpeg()
      .withExif({ IFD0: { ImageDescription: XSS.metadata } })
      .withXmp(xmpTitle(URDU_TITLE))
      .toBuffer();
    // Drag and drop: a DataTransfer with the JPEG, dropped on the zone.
    const transfer = await dataTransferWith(page, 'lantern-poster.jpg', 'image/jpeg', image);
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
    // The file chooser adds a text file whose name is an XSS payload.
    await page.getByLabel('Choose files').setInputFiles({
      name: XSS.fileName,
      mimeType: 'text/plain',
      buffer: Buffer.from(TEXT_POST),
    });
    expect(
      await page.getByRole('list', { name: 'Files to add' }).getByRole('listitem').count(),
    ).toBe(2);
    await page.getByLabel('Reason for collection').fill(XSS.reason);
    await page.getByRole('button', { name: 'Add 2 files' }).click();
    await page.getByRole('status').filter({ hasText: 'Stored' }).waitFor();

    const cards = page.locator('.card');
    await expect.poll(() => cards.count()).toBe(2);
    // The payload name is shown as text, and no element it describes exists.
    await page.locator('.card').getByText(XSS.fileName, { exact: true }).waitFor();
    expect(await page.locator('img[src=x], svg[onload], iframe').count()).toBe(0);

    // The image card has a blurred thumbnail; revealing it counts towards exposure (R18).
    const imageCard = cards.filter({ hasText: 'lantern-poster.jpg' });
    imageItem = (await imageCard.getAttribute('data-item')) ?? '';
    const thumb = imageCard.locator('figure.sensitive');
    await expect.poll(() => thumb.getAttribute('data-state')).toBe('blurred');
    await imageCard.locator('img').waitFor();
    expect(await computedStyle(imageCard.locator('img'), 'filter')).toContain('blur');
    await saveScreenshot(page, 'case-items-1280');
    expect(await page.getByTestId('exposure-reveals').textContent()).toBe('0');
    await imageCard.getByRole('button', { name: /reveal/ }).click();
    await expect.poll(() => thumb.getAttribute('data-state')).toBe('revealed');
    expect(await computedStyle(imageCard.locator('img'), 'filter')).toBe('none');
    expect(await page.getByTestId('exposure-reveals').textContent()).toBe('1');
    await expect
      .poll(() => page.getByTestId('exposure-time').textContent(), { timeout: 5000 })
      .not.toBe('0:00');

    // The item page: hashes, verify now, metadata as text, custody timeline.
    await imageCard.getByRole('link').click();
    await page.waitForURL(new RegExp(`#/items/${imageItem}$`));
    const sha256 = (await page.getByTestId('item-sha256').textContent()) ?? '';
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    await page.getByRole('button', { name: 'Verify now' }).first().click();
    await page.getByText('verified: SHA-256 matches').waitFor();
    await page.getByText(XSS.metadata, { exact: true }).waitFor();
    const urdu = page.getByText(URDU_TITLE, { exact: true });
    expect(await computedStyle(urdu, 'direction')).toBe('rtl');
    const custody = page.locator('section', {
      has: page.getByRole('heading', { name: 'Custody timeline' }),
    });
    await custody.locator('tr[data-action=collection]').waitFor();
    expect(await custody.locator('tr[data-action=consultation]').count()).toBeGreaterThan(0);
    await custody.getByText(XSS.reason, { exact: true }).first().waitFor();
    // Zoom: the screenshot viewer is blurred too, then zooms once revealed.
    const viewer = page.getByTestId('zoom-frame');
    await viewer.getByRole('button', { name: /reveal/ }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => renderedWidth(viewer.locator('img'))).toBeGreaterThan(320);
    expect(await page.getByTestId('exposure-reveals').textContent()).toBe('2');
    await saveScreenshot(page, 'item-1280');
    expect(await page.locator('img[src=x], svg[onload], iframe, script:not([src])').count()).toBe(
      0,
    );
    await page.context().close();
    expectNoProblems();
  });

  it('captures a range post from the capture bar, streams its stages and lands on the item', async () => {
    // A public, benign Arabic post that stays up: right-to-left text in the structured post.
    const post = wb.range.truth.posts.find(
      (p) => p.language === 'ar' && p.category === 'none' && !p.loginRequired && !p.deletion,
    );
    if (!post) throw new Error('the range corpus has no public Arabic post');
    const page = await wb.newPage();
    await signIn(page, wb.url, 'investigator');
    await page.goto(`${wb.url}/#/cases/${caseId}`);
    await page.getByRole('textbox', { name: /^URL/ }).fill(new URL(post.url, wb.range.url).href);
    await page
      .getByRole('textbox', { name: 'Reason', exact: true })
      .fill('range exercise: capture');
    await page.getByRole('button', { name: 'Capture', exact: true }).click();
    const capture = page.getByRole('list', { name: 'Captures' }).locator(':scope > li').first();
    // Stages stream in, then the capture lands on its item.
    await capture.locator('.stages li').first().waitFor({ timeout: 30_000 });
    await page.waitForURL(/#\/items\/I-[0-9]+$/, { timeout: 45_000 });
    await page.getByRole('heading', { name: 'Screenshot' }).waitFor();
    await page.getByTestId('zoom-frame').locator('img').waitFor();
    // Provenance: the R3 fields, from the capture's own record.
    const provenance = page.locator('section.provenance');
    for (const field of [
      'requestedUrl',
      'finalUrl',
      'status',
      'startedAt',
      'timeZone',
      'collector',
      'tool',
      'browser',
      'userAgent',
      'serverIps',
    ]) {
      await provenance.locator(`[data-field=${field}]`).first().waitFor();
    }
    expect(await provenance.locator('[data-field=collector] dd').textContent()).toBe(
      'investigator',
    );
    expect(await provenance.locator('[data-field=tool] dd').textContent()).toMatch(/^vigil@/);
    // The structured post, in its own direction.
    const text = page.locator('section.structured [data-field=text] dd [dir=auto]').first();
    await text.waitFor();
    expect(await computedStyle(text, 'direction')).toBe('rtl');
    // Replay: ReplayWeb.page on the separate origin renders the captured page from the package.
    await page.getByRole('button', { name: 'Replay the captured page' }).click();
    const frame = page.locator('iframe.replay-frame');
    expect(await frame.getAttribute('sandbox')).toBe('allow-scripts allow-same-origin');
    const replayOrigin = new URL((await frame.getAttribute('src')) ?? '').origin;
    expect(replayOrigin).not.toBe(new URL(wb.url).origin);
    await expect
      .poll(
        async () => {
          for (const candidate of page.frames()) {
            if (!candidate.url().startsWith(replayOrigin)) continue;
            const body = await candidate
              .locator('body')
              .innerText({ timeout: 500 })
              .catch(() => '');
            if (body.includes('VIGIL TRAINING RANGE')) return true;
          }
          return false;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true);
    await saveScreenshot(page, 'capture-item');
    await page.context().close();
    expectNoProblems();
  });

  it('lets an auditor filter and verify the ledger, with reasons shown as text', async () => {
    const page = await wb.newPage({ width: 1920, height: 1080 });
    await signIn(page, wb.url, 'auditor');
    await page.getByRole('link', { name: 'Ledger' }).click();
    await page.getByRole('button', { name: 'Verify the ledger' }).click();
    const result = page.getByTestId('verify-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/Intact\. [0-9]+ events/);
    await page.getByRole('textbox', { name: 'Case' }).fill(caseId);
    await page.getByRole('textbox', { name: 'Item' }).fill(imageItem);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(new RegExp(`case=${caseId}&item=${imageItem}`));
    await page.getByRole('combobox', { name: 'Action' }).selectOption('collection');
    const rows = page.locator('table.ledger tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-action')).toBe('collection');
    await rows.first().getByText(XSS.reason, { exact: true }).waitFor();
    await page.getByRole('combobox', { name: 'Action' }).selectOption('');
    await expect.poll(() => rows.count()).toBeGreaterThan(1);
    await saveScreenshot(page, 'ledger-1920');
    expect(await noHorizontalOverflow(page)).toBe(true);
    // Auditors read ledgers and case records, not content (R13): the case page says so.
    await page.goto(`${wb.url}/#/cases/${caseId}`);
    await page.getByText('visible to the case').waitFor();
    expect(await page.locator('.card').count()).toBe(0);
    await page.context().close();
    expectNoProblems();
  });

  it('shows a triage flag with its span highlighted, reviewed from the keyboard in the queue', async () => {
    // Collection queues indexing and triage as jobs; run them now.
    await wb.t.vigil.jobs.drain();
    const page = await wb.newPage();
    await signIn(page, wb.url, 'investigator');
    await page.getByRole('heading', { name: 'Pending reviews' }).waitFor();
    await page.getByRole('link', { name: 'Triage', exact: true }).click();
    const queue = page.getByRole('list', { name: 'Suggested flags' });
    const flags = queue.locator(':scope > li');
    await expect.poll(() => flags.count()).toBeGreaterThan(0);
    const first = flags.first();
    expect(await first.getAttribute('aria-current')).toBe('true');
    expect(await first.locator('.category').textContent()).toBe('financing');
    // The matched span is marked; the captured payload beside it is text.
    expect((await first.locator('mark').first().textContent())?.toLowerCase()).toContain('fighter');
    const flagId = (await first.getAttribute('data-flag')) ?? '';
    // Keyboard review: Enter opens the reason field, Enter there accepts.
    await page.locator('main').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('appeal for funds to equip fighters: financing');
    await page.keyboard.press('Enter');
    await expect.poll(() => queue.locator(`li[data-flag="${flagId}"]`).count()).toBe(0);
    await saveScreenshot(page, 'triage-queue');

    // Search finds the text with the match marked, and the item page shows the accepted flag.
    await page.getByRole('link', { name: 'Search', exact: true }).click();
    await page.getByRole('searchbox', { name: 'Words' }).fill('sponsor');
    await page.getByRole('button', { name: 'Search' }).click();
    const hit = page.locator('.hits > li').first();
    await hit.waitFor();
    expect(await hit.locator('mark').first().textContent()).toMatch(/sponsor/i);
    await hit.getByRole('link').first().click();
    await page.waitForURL(/#\/items\/I-[0-9]+$/);
    const accepted = page.locator(`li[data-flag="${flagId}"]`);
    await expect.poll(() => accepted.getAttribute('class')).toContain('flag-accepted');
    await page.getByText('<script>alert(5)</script>', { exact: false }).first().waitFor();

    // The entity graph draws on a canvas (Cytoscape) under the CSP: no injected <style>.
    await page.getByRole('link', { name: 'Graph', exact: true }).click();
    await page.locator('.graph canvas').first().waitFor();
    expect(await page.locator('head style').count()).toBe(0);
    await saveScreenshot(page, 'graph');
    await page.context().close();
    expectNoProblems();
  });

  it('lays out without horizontal overflow at 1280×800 and 1920 wide', async () => {
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 1920, height: 1080 },
    ]) {
      const page = await wb.newPage(viewport);
      await signIn(page, wb.url, 'investigator');
      for (const hash of [`#/cases`, `#/cases/${caseId}`, `#/items/${imageItem}`]) {
        await page.goto(`${wb.url}/${hash}`);
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        expect(await noHorizontalOverflow(page), `${hash} at ${viewport.width}`).toBe(true);
      }
      await saveScreenshot(page, `item-${viewport.width}`);
      await page.context().close();
    }
    expectNoProblems();
  });
});
