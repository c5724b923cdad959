/**
 * The investigator's web UI in real Chromium (issue 7): sign in → open a case → a supervisor
 * approves its basis once the plan is recorded (R2) → upload files by drag and drop → see them as
 * cards → open an item: hashes, verify now, grading and verification, custody timeline (R7) →
 * capture a range post → package it for a recipient, download it and verify it on the Verify page
 * → recapture it after the trainer removed it and read the diff → exports and preservation
 * requests → personas (R17) → an auditor filters and verifies the ledger (R8). Media marked graphic
 * are blurred until revealed, each reveal recorded by the server and the exposure timer counting
 * (R18). An XSS corpus in file names, embedded metadata and ledger reasons renders as text and
 * never runs.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { tempDir } from '../support/temp.js';
import {
  buildUi,
  computedStyle,
  dataTransferWith,
  focusedElement,
  noHorizontalOverflow,
  renderedWidth,
  saveScreenshot,
  selectText,
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
  /** The range post captured from the capture bar, and its item. */
  let capturedPost = '';
  let capturedItem = '';

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
    const page = await wb.newPage({ width: 1280, height: 800 }, { acceptDownloads: true });
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

    // Not marked graphic: the card's thumbnail (a small JPEG from the server) shows as it is.
    const imageCard = cards.filter({ hasText: 'lantern-poster.jpg' });
    imageItem = (await imageCard.getAttribute('data-item')) ?? '';
    const thumb = imageCard.locator('figure.sensitive');
    await expect.poll(() => thumb.getAttribute('data-state')).toBe('plain');
    await imageCard.locator('img').waitFor();
    expect(await computedStyle(imageCard.locator('img'), 'filter')).toBe('none');
    expect(await imageCard.getByRole('button', { name: /reveal/ }).count()).toBe(0);
    await saveScreenshot(page, 'case-items-1280');
    expect(await page.getByTestId('exposure-reveals').textContent()).toBe('0');
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
    // R18: media flagged graphic renders blurred until click; the exposure timer increments.
    const viewer = page.getByTestId('zoom-frame');
    expect(await viewer.locator('figure').getAttribute('data-state')).toBe('plain');
    await page.getByRole('textbox', { name: 'Why (optional)' }).fill('injured people shown');
    await page.getByRole('button', { name: 'Mark as graphic' }).click();
    await page.getByTestId('graphic-state').waitFor();
    await expect.poll(() => viewer.locator('figure').getAttribute('data-state')).toBe('blurred');
    await viewer.locator('img').waitFor();
    expect(await computedStyle(viewer.locator('img'), 'filter')).toContain('blur');
    expect(await page.getByTestId('exposure-time').textContent()).toBe('0:00');
    await viewer.getByRole('button', { name: /reveal/ }).click();
    await expect.poll(() => viewer.locator('figure').getAttribute('data-state')).toBe('revealed');
    expect(await computedStyle(viewer.locator('img'), 'filter')).toBe('none');
    await expect.poll(() => page.getByTestId('exposure-reveals').textContent()).toBe('1');
    await expect
      .poll(() => page.getByTestId('exposure-time').textContent(), { timeout: 5000 })
      .not.toBe('0:00');
    // Zoom works on the revealed image.
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => renderedWidth(viewer.locator('img'))).toBeGreaterThan(320);
    // The reveal is on record server-side: a consultation with data.exposure = graphic.
    const reveals = (await wb.t.vigil.ledger.events({ itemId: imageItem })).filter(
      (event) => event.action === 'consultation' && event.data.exposure === 'graphic',
    );
    expect(reveals.map((event) => event.actor)).toEqual(['investigator']);
    // Blurring again stops the timer; the seconds seen so far reach the server.
    await viewer.getByRole('button', { name: 'Blur again' }).click();
    await expect
      .poll(async () => {
        const summary = await page.evaluate(async () => {
          const response = await fetch('/api/me/exposure');
          return (await response.json()) as { session: { reveals: number; seconds: number } };
        });
        return summary.session.seconds > 0 && summary.session.reveals === 1;
      })
      .toBe(true);
    // Back on the case page the card's thumbnail now starts blurred for everyone.
    await page.goto(`${wb.url}/#/cases/${caseId}`);
    const graphicCard = page.locator('.card').filter({ hasText: 'lantern-poster.jpg' });
    const graphicThumb = graphicCard.locator('figure.sensitive');
    // Thumbnails load when their card scrolls near the viewport.
    await graphicCard.scrollIntoViewIfNeeded();
    await expect.poll(() => graphicThumb.getAttribute('data-state')).toBe('blurred');
    await graphicThumb.getByRole('button', { name: /reveal/ }).click();
    await expect.poll(() => page.getByTestId('exposure-reveals').textContent()).toBe('2');
    await page.goto(`${wb.url}/#/items/${imageItem}`);
    await page.getByTestId('item-sha256').waitFor();
    // What the court report needs: an Admiralty grade (R10) and a verification record (R19).
    const exhibit = page.locator('section.exhibit');
    expect(await exhibit.getByTestId('grade').textContent()).toBe('not graded');
    await exhibit.getByLabel('Source reliability').selectOption('B');
    await exhibit.getByLabel('Information credibility').selectOption('2');
    await exhibit
      .getByRole('textbox', { name: 'Reason for the grade' })
      .fill('known channel poster');
    await exhibit.getByRole('button', { name: 'Record grade' }).click();
    await expect.poll(() => exhibit.getByTestId('grade').textContent()).toMatch(/^B2 /);
    await exhibit.getByRole('textbox', { name: 'Source analysis' }).fill('posted by the channel');
    await exhibit.getByRole('textbox', { name: 'Content analysis' }).fill('matches the slogan');
    await exhibit.getByRole('textbox', { name: 'Technical analysis' }).fill('EXIF consistent');
    await exhibit.getByLabel('Confidence').selectOption('high');
    await exhibit.getByRole('button', { name: 'Record verification' }).click();
    await expect.poll(() => exhibit.getByTestId('verification').textContent()).toContain('high');
    // A redacted working copy (R5): a rectangle typed from the keyboard (the image is marked
    // graphic, so the editor does not show it); the original stays as it was.
    const originalSha = (await page.getByTestId('item-sha256').textContent())?.trim() ?? '';
    const redaction = page.locator('section.redaction');
    await redaction.getByRole('button', { name: 'Redact a working copy' }).click();
    await redaction.getByRole('textbox', { name: 'x', exact: true }).fill('40');
    await redaction.getByRole('textbox', { name: 'y', exact: true }).fill('30');
    await redaction.getByRole('textbox', { name: 'width', exact: true }).fill('160');
    await redaction.getByRole('textbox', { name: 'height', exact: true }).fill('100');
    await redaction.getByRole('button', { name: 'Add rectangle' }).press('Enter');
    expect(await redaction.getByTestId('rect-list').textContent()).toContain('40,30 160×100');
    await redaction
      .getByRole('textbox', { name: /^Reason/ })
      .fill('bystander in the picture (working copy for the partner)');
    await redaction.getByRole('button', { name: 'Make the working copy' }).click();
    await redaction.getByTestId('working-copies').waitFor();
    expect(await redaction.getByTestId('working-copies').textContent()).toContain(
      'Working copy — not the evidentiary original.',
    );
    const [copy] = await Promise.all([
      page.waitForEvent('download'),
      redaction.getByRole('button', { name: 'Download working copy' }).click(),
    ]);
    const copyBytes = fs.readFileSync(await copy.path());
    const copySha = createHash('sha256').update(copyBytes).digest('hex');
    expect(copySha).not.toBe(originalSha);
    // Both hashes are on screen: the original's and the bytes that were downloaded.
    expect(await redaction.getByTestId('source-sha256').textContent()).toBe(originalSha);
    expect(await redaction.getByTestId('derived-sha256').textContent()).toBe(copySha);
    // The masked region is opaque black in the copy; the original still verifies.
    const { data, info } = await sharp(copyBytes).raw().toBuffer({ resolveWithObject: true });
    const at = (100 * info.width + 120) * info.channels;
    expect([data[at], data[at + 1], data[at + 2]]).toEqual([0, 0, 0]);
    expect((await wb.t.vigil.evidence.verifyStore('web test')).ok).toBe(true);
    const alterations = (await wb.t.vigil.ledger.events({ itemId: imageItem })).filter(
      (event) => event.action === 'alteration',
    );
    expect(alterations).toHaveLength(1);
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
    capturedPost = post.id;
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
    capturedItem = /I-[0-9]+/.exec(page.url())?.[0] ?? '';
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
    // Redaction with the mouse and a text selection (R5, R13): a rectangle dragged on the
    // screenshot and a span selected in the captured text make two working copies.
    const redaction = page.locator('section.redaction');
    await redaction.getByRole('button', { name: 'Redact a working copy' }).click();
    const picture = redaction.getByTestId('redaction-canvas').locator('img');
    await picture.waitFor();
    await expect
      .poll(() =>
        picture.evaluate((img: unknown) => (img as { naturalWidth: number }).naturalWidth),
      )
      .toBeGreaterThan(0);
    await picture.scrollIntoViewIfNeeded();
    const box = await picture.boundingBox();
    if (!box) throw new Error('the screenshot to redact is not on screen');
    await page.mouse.move(box.x + 20, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + 120, box.y + 70, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => redaction.getByTestId('rect-list').locator('li').count()).toBe(1);
    const textView = redaction.getByTestId('redaction-text');
    const captured = (await textView.textContent()) ?? '';
    const needle = 'VIGIL TRAINING RANGE';
    const from = captured.indexOf(needle);
    expect(from).toBeGreaterThanOrEqual(0);
    await selectText(textView, from, from + needle.length);
    await redaction.getByRole('button', { name: 'Mask the selection' }).click();
    expect(await redaction.getByTestId('span-list').textContent()).toContain(
      `characters ${from}–${from + needle.length}`,
    );
    // The keyboard way for spans: typed offsets; an impossible one is explained, not added.
    await redaction.getByRole('textbox', { name: 'from character' }).fill('0');
    await redaction
      .getByRole('textbox', { name: 'to character' })
      .fill(String(captured.length + 1));
    await redaction.getByRole('button', { name: 'Add span' }).click();
    await redaction.getByRole('alert').filter({ hasText: 'Type the span' }).waitFor();
    await redaction.getByRole('textbox', { name: 'to character' }).fill('3');
    await redaction.getByRole('button', { name: 'Add span' }).press('Enter');
    expect(await redaction.getByTestId('span-list').locator('li').count()).toBe(2);
    expect(await redaction.getByRole('alert').count()).toBe(0);
    await redaction.getByRole('textbox', { name: /^Reason/ }).fill('range banner masked (drill)');
    await redaction.getByRole('button', { name: 'Make the working copy' }).click();
    await expect.poll(() => redaction.locator('[data-testid=working-copies] > li').count()).toBe(2);
    const derived = await redaction.getByTestId('derived-sha256').allTextContents();
    const sources = await redaction.getByTestId('source-sha256').allTextContents();
    const texts: string[] = [];
    for (const sha of derived) {
      const chunks: Buffer[] = [];
      for await (const chunk of wb.t.vigil.blobs.read(sha)) chunks.push(chunk as Buffer);
      texts.push(Buffer.concat(chunks).toString('utf8'));
    }
    // The text copy masks exactly the selected characters, one █ per character.
    const masked = texts.find((t) => t.includes('█'));
    const expected = captured
      .split('')
      .map((char, index) =>
        index < 3 || (index >= from && index < from + needle.length) ? '█' : char,
      )
      .join('');
    expect(masked).toBe(expected);
    await saveScreenshot(page, 'redaction-copies');
    // Every source is one of the capture's own artifacts, still intact.
    const own = (await wb.t.vigil.store.items.artifacts(capturedItem)).map((a) => a.sha256);
    for (const sha of sources) expect(own).toContain(sha);
    expect((await wb.t.vigil.evidence.verifyStore('web test')).ok).toBe(true);
    await page.context().close();
    expectNoProblems();
  });

  it('packages the capture for a recipient, downloads it and verifies it on the Verify page', async () => {
    const page = await wb.newPage({ width: 1280, height: 800 }, { acceptDownloads: true });
    await signIn(page, wb.url, 'investigator');
    await page.goto(`${wb.url}/#/cases/${caseId}`);
    // Selected from the keyboard: focus the card's checkbox, Space ticks it.
    await page.getByRole('checkbox', { name: `Package ${capturedItem}` }).focus();
    await page.keyboard.press('Space');
    expect(await page.getByRole('checkbox', { name: `Package ${capturedItem}` }).isChecked()).toBe(
      true,
    );
    const form = page.locator('form.package-form');
    await form.getByRole('textbox', { name: 'Recipient' }).fill('Fictional Crown Prosecution');
    await form
      .getByRole('textbox', { name: 'Reason for disclosure' })
      .fill('disclosure for the hearing');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      form.getByRole('button', { name: 'Package 1 selected item' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.wacz$/);
    const file = path.join(tempDir('vigil-web-download-'), download.suggestedFilename());
    await download.saveAs(file);
    const done = page.getByTestId('package-done');
    await done.waitFor();
    const sha256 = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    expect(await done.textContent()).toContain(sha256);
    // One disclosure, to the recipient, of exactly the bytes the browser received.
    const disclosures = (await wb.t.vigil.ledger.events({ caseId })).filter(
      (event) =>
        event.action === 'disclosure' && event.data.recipient === 'Fictional Crown Prosecution',
    );
    expect(disclosures).toHaveLength(1);
    expect(JSON.stringify(disclosures[0]?.data)).toContain(sha256);

    // The Verify page checks the downloaded file: every check green.
    await page.getByRole('link', { name: 'Verify', exact: true }).click();
    await page.getByRole('heading', { name: 'Verify a package' }).waitFor();
    // The file chooser is the first stop after the page's start.
    await page.locator('main').focus();
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toBe('INPUT:package');
    await page.getByLabel('Choose a package').setInputFiles(file);
    const verdict = page.getByTestId('verify-verdict');
    await verdict.waitFor({ timeout: 30_000 });
    expect(await verdict.getAttribute('data-ok')).toBe('true');
    const checks = page.getByRole('list', { name: 'Checks' }).locator(':scope > li');
    expect(await checks.count()).toBeGreaterThan(3);
    expect(
      await checks.evaluateAll((items) =>
        items.map((item) => (item as { dataset: { ok?: string } }).dataset.ok),
      ),
    ).toEqual(Array.from({ length: await checks.count() }, () => 'true'));
    await saveScreenshot(page, 'verify-package');
    // A tampered copy fails, and the report says where.
    const bytes = fs.readFileSync(file);
    const tampered = path.join(path.dirname(file), 'tampered.wacz');
    // Flip one byte in the middle: inside some stored file, so its hash no longer matches.
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
    fs.writeFileSync(tampered, bytes);
    await page.getByLabel('Choose a package').setInputFiles(tampered);
    await expect.poll(() => verdict.getAttribute('data-ok'), { timeout: 30_000 }).toBe('false');
    expect(await page.locator('.checks li[data-ok=false]').count()).toBeGreaterThan(0);
    await page.context().close();
    expectNoProblems();
  });

  it('recaptures a range post the trainer removed: the diff says it is no longer available', async () => {
    expect(wb.range.removePost(capturedPost)).toBe(true);
    const page = await wb.newPage({ width: 1920, height: 1080 });
    await signIn(page, wb.url, 'investigator');
    await page.goto(`${wb.url}/#/items/${capturedItem}`);
    // From the keyboard: the reason field, then Enter submits the recapture.
    const reason = page.getByRole('textbox', { name: 'Reason for recapture' });
    await reason.focus();
    await page.keyboard.type('range exercise: check whether the post is still up');
    await page.keyboard.press('Enter');
    const progress = page.getByTestId('recapture-progress');
    await expect.poll(() => progress.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
    expect(await progress.locator('.stages li').count()).toBeGreaterThan(0);
    const gone = page.getByTestId('gone');
    await gone.waitFor();
    expect(await gone.textContent()).toMatch(/No longer available.*status 410/);
    const diff = page.getByTestId('diff');
    expect(await diff.locator('time').count()).toBe(2);
    expect(await diff.locator('.text-diff .diff-removed').count()).toBeGreaterThan(0);
    // Both screenshots, side by side.
    const shots = diff.locator('.side-by-side figure.shot');
    await expect.poll(() => shots.locator('img').count()).toBe(2);
    const [left, right] = await Promise.all([
      shots.nth(0).locator('img').boundingBox(),
      shots.nth(1).locator('img').boundingBox(),
    ]);
    expect(left && right && right.x > left.x + left.width / 2).toBe(true);
    expect(Math.abs((left?.y ?? 0) - (right?.y ?? 1))).toBeLessThan(40);
    await saveScreenshot(page, 'recapture-diff-1920');
    // The new capture's own page shows the same comparison.
    await diff
      .getByRole('link', { name: /^I-[0-9]+$/ })
      .last()
      .click();
    await page.getByRole('heading', { name: `Compared with ${capturedItem}` }).waitFor();
    await page.getByTestId('gone').waitFor();
    await page.context().close();
    expectNoProblems();
  });

  it('downloads a case export for a recipient and records a preservation request', async () => {
    const page = await wb.newPage({ width: 1280, height: 800 }, { acceptDownloads: true });
    await signIn(page, wb.url, 'investigator');
    await page.goto(`${wb.url}/#/cases/${caseId}`);
    await page.getByRole('link', { name: 'Exports and reports' }).click();
    await page.getByRole('heading', { name: /Exports and reports/ }).waitFor();
    await page.getByRole('radio', { name: 'GraphML' }).check();
    await page.getByRole('textbox', { name: 'Recipient' }).fill('Fictional Analysis Cell');
    await page.getByRole('textbox', { name: 'Reason' }).fill('link analysis');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${caseId}.graphml`);
    const graphml = fs.readFileSync(await download.path()).toString('utf8');
    expect(graphml).toContain('<graphml');
    await page.getByTestId('export-done').waitFor();
    // The court report is refused with what is missing until items are verified and graded.
    await page.getByRole('radio', { name: 'Court report (PDF)' }).check();
    await page.getByRole('button', { name: 'Download', exact: true }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/cannot be made yet: .*is missing a verification record/);
    // The item graded and verified on its page is ready; the report covers it alone, with its
    // redacted working copy in place of the picture (R5), for a named recipient.
    const exhibits = page.getByTestId('report-items');
    await page.getByRole('radio', { name: 'Only the items ticked' }).check();
    const ready = exhibits.locator('li[data-ready="true"]');
    await ready.first().waitFor();
    expect(await ready.count()).toBe(1);
    expect(await exhibits.locator('li[data-ready="false"]').count()).toBeGreaterThan(0);
    await exhibits.getByRole('checkbox', { name: `Report ${imageItem}` }).check();
    await page.getByRole('checkbox', { name: /^Use redacted working copies/ }).check();
    await page.getByRole('textbox', { name: 'Recipient' }).fill('Fictional Prosecution Service');
    await page
      .getByRole('textbox', { name: 'Reason' })
      .fill('exhibit bundle for the charging file');
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download', exact: true }).click(),
    ]);
    expect(pdf.suggestedFilename()).toBe(`${caseId}.pdf`);
    const pdfPath = await pdf.path();
    const pdfBytes = fs.readFileSync(pdfPath);
    expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdfSha = createHash('sha256').update(pdfBytes).digest('hex');
    await expect.poll(() => page.getByTestId('export-done').textContent()).toContain(pdfSha);
    const reports = (await wb.t.vigil.ledger.events({ caseId })).filter(
      (event) => event.action === 'disclosure' && event.data.format === 'report',
    );
    expect(reports).toHaveLength(1);
    expect(reports[0]?.data).toMatchObject({
      sha256: pdfSha,
      recipient: 'Fictional Prosecution Service',
      items: [imageItem],
    });
    expect(reports[0]?.data.workingCopies).toHaveLength(1);
    // An independent reader (poppler) finds the exhibit and the working-copy statement.
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    expect(text).toContain(imageItem);
    expect(text).toContain('Redacted working copy');
    // A preservation request to the provider, listed with its deadline.
    const preservation = page.locator('section', {
      has: page.getByRole('heading', { name: 'Preservation requests' }),
    });
    await preservation
      .getByRole('textbox', { name: 'Provider' })
      .fill('Fictional Social Network Ltd');
    await preservation.getByRole('textbox', { name: 'Offence' }).fill('terrorist financing');
    await preservation.getByRole('button', { name: 'Record and draft the letter' }).click();
    await preservation.locator('table.preservations tbody tr').first().waitFor();
    expect(await preservation.locator('tbody tr').first().getAttribute('data-state')).toBe(
      'active',
    );
    await preservation.getByText('Letter to send').waitFor();
    // The provider grants the Art. 29(7) extension: recorded once, with its confirmation.
    await preservation.getByRole('button', { name: 'Record extension' }).click();
    await preservation
      .getByRole('textbox', { name: 'Provider’s confirmation' })
      .fill('ticket FSN-2231');
    await preservation.getByRole('button', { name: 'Record the 60-day extension' }).click();
    await preservation.getByText('extended (Art. 29(7))').waitFor();
    expect(await preservation.locator('tbody tr').first().textContent()).toMatch(
      /\(1[45]\d days left\)/,
    );
    await saveScreenshot(page, 'exports-1280');
    await page.context().close();
    // The report's pre-flight explained what was missing without a refused request, so nothing
    // went wrong on the page before the report was made for the items that were ready.
    expect(wb.problems).toEqual([]);
  });

  it('lists personas with who may use them; a supervisor registers one the capture bar then offers', async () => {
    const page = await wb.newPage({ width: 1920, height: 1080 });
    await signIn(page, wb.url, 'supervisor');
    await page.getByRole('link', { name: 'Personas' }).click();
    await page.getByRole('heading', { name: 'Personas', exact: true }).waitFor();
    await page.getByRole('textbox', { name: 'Persona name' }).fill('lantern-watcher');
    await page.getByRole('textbox', { name: /^Platforms/ }).fill('vigil training range');
    await page.getByRole('textbox', { name: /^Users/ }).fill('investigator');
    await page.getByRole('button', { name: 'Register persona' }).click();
    const row = page.locator('tr[data-persona="lantern-watcher"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('investigator');
    expect(await row.textContent()).toContain('vigil training range');
    await saveScreenshot(page, 'personas-1920');
    expect(await noHorizontalOverflow(page)).toBe(true);
    await signOut(page);
    // An investigator reads the registry but may not add to it, and may capture as the persona.
    await signIn(page, wb.url, 'investigator');
    await page.getByRole('link', { name: 'Personas' }).click();
    await page.locator('tr[data-persona="lantern-watcher"]').waitFor();
    expect(await page.getByRole('button', { name: 'Register persona' }).count()).toBe(0);
    await page.goto(`${wb.url}/#/cases/${caseId}`);
    await expect
      .poll(() =>
        page.getByRole('combobox', { name: 'Persona' }).locator('option').allTextContents(),
      )
      .toContain('lantern-watcher');
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
      for (const hash of [
        `#/cases`,
        `#/cases/${caseId}`,
        `#/items/${imageItem}`,
        `#/items/${capturedItem}`,
        `#/cases/${caseId}/exports`,
        `#/verify`,
        `#/personas`,
      ]) {
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
