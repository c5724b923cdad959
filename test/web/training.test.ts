/**
 * Training end to end in real Chromium (issue 9): a trainer creates a cohort, enrols a trainee and
 * assigns a scenario; the trainee reads the briefing, starts the attempt under the legal basis the
 * scenario requires, captures the volatile target post on their own range variant from the
 * training case's capture bar (a real Chromium capture), submits, reads the feedback per
 * criterion, receives the certificate, and the credential verifies — until the trainer revokes it
 * and verification reports it revoked. Screenshots are checked non-blank; no console errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../src/training/range/corpus.js';
import { exportTruth } from '../../src/training/range/truth.js';
import { buildUi, saveScreenshot, signIn, signOut, startWorkbench } from './web-harness.js';
import type { Workbench } from './web-harness.js';

const SCENARIO = 'incitement-vanishing-post';
const SEED = '42';

/** `YYYY-MM-DDTHH:mm` for a datetime-local input (the browser runs in the machine's zone). */
const localInput = (ms: number): string =>
  new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

describe('training end to end', () => {
  let wb: Workbench;

  beforeAll(async () => {
    wb = await startWorkbench(await buildUi());
  }, 120_000);
  afterAll(async () => {
    await wb?.close();
  });

  it('takes a trainee from assignment to a verified certificate, and the trainer revokes it', async () => {
    // The trainer: a cohort, the trainee enrolled, the scenario assigned with a window.
    const page = await wb.newPage();
    await signIn(page, wb.url, 'trainer');
    await page.getByRole('link', { name: 'Cohorts', exact: true }).click();
    await page.getByLabel('Cohort name').fill('CT-OSINT 2026/3');
    await page.getByLabel('Range seed (optional)').fill(SEED);
    await page.getByRole('button', { name: 'Create cohort' }).click();
    await page.waitForURL(/#\/cohorts\/COH-[0-9]+$/);
    const cohortId = /COH-[0-9]+/.exec(page.url())?.[0] ?? '';
    await page.getByRole('checkbox', { name: 'trainee' }).check();
    await page.getByRole('button', { name: 'Enrol' }).click();
    const variantCode = page.locator('form[aria-labelledby=enrol] li code').first();
    await variantCode.waitFor();
    const variant = (await variantCode.textContent()) ?? '';
    expect(variant).toMatch(/^v-[0-9a-f]{20}$/);
    await page.getByLabel('Scenario pack').selectOption(SCENARIO);
    await page.getByLabel('Opens').fill(localInput(Date.now() - 86_400_000));
    await page.getByLabel('Closes').fill(localInput(Date.now() + 2 * 86_400_000));
    await page.getByRole('button', { name: 'Assign' }).click();
    await page.getByTestId('window-state').first().waitFor();
    expect(await page.getByTestId('window-state').first().textContent()).toBe('open');
    await saveScreenshot(page, 'training-cohort');
    await signOut(page);

    // The ground truth of the trainee's variant: which post the scenario wants preserved.
    const truth = exportTruth(generateCorpus(SEED, variant));
    const targetId = truth.anchors['incitement-deleted-ar'];
    const target = truth.posts.find((p) => p.id === targetId);
    if (!target) throw new Error('the variant has no vanishing post');

    // The trainee: assigned scenario, briefing, the attempt under the required legal basis.
    await signIn(page, wb.url, 'trainee');
    await page.getByRole('link', { name: 'Training', exact: true }).click();
    const row = page.locator('tr[data-assignment]').first();
    expect(await row.getByTestId('window-state').textContent()).toBe('open');
    await row.getByRole('link').first().click();
    await page.waitForURL(/#\/training\/ASG-[0-9]+$/);
    expect(await page.getByTestId('briefing').textContent()).toContain('Legal basis (required)');
    expect(await page.getByTestId('variant').textContent()).toBe(variant);
    await page.getByLabel(/^Authority/).fill('Fictional Training Court');
    await page.getByLabel(/^Reference/).fill('TR-2026-0042');
    await page.getByLabel(/^Purpose/).fill('training exercise on the synthetic range');
    await page.getByLabel(/^Scope/).fill('public posts of the Dawn Column channel on the range');
    await page.getByRole('button', { name: 'Start the attempt' }).click();
    await page.getByRole('timer').waitFor();
    expect(await page.getByTestId('timer-elapsed').textContent()).toMatch(/^\d\d:\d\d:\d\d$/);
    const caseLink = page.getByTestId('training-case');
    const caseId = (await caseLink.textContent()) ?? '';
    expect(caseId).toMatch(/^C-[0-9]+$/);
    // Vigil runs the trainee's own variant (R24), allow-listed for capture; nothing else does.
    const rangeUrl = (await page.getByTestId('range-url').textContent()) ?? '';
    expect(rangeUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(wb.t.vigil.runs.live('range')).toContainEqual(
      expect.objectContaining({ url: rangeUrl, details: { seed: SEED, variant } }),
    );
    await saveScreenshot(page, 'training-attempt');

    // The training case: the normal case page and its capture bar, a real Chromium capture.
    await caseLink.click();
    await page.waitForURL(new RegExp(`#/cases/${caseId}$`));
    await page.getByRole('textbox', { name: /^URL/ }).fill(new URL(target.url, rangeUrl).href);
    await page
      .getByRole('textbox', { name: 'Reason', exact: true })
      .fill('volatile threat: preserve before removal');
    await page.getByRole('button', { name: 'Capture', exact: true }).click();
    await page.waitForURL(/#\/items\/I-[0-9]+$/, { timeout: 45_000 });

    // Submission: the capture and the classification; feedback per criterion.
    await page.getByRole('link', { name: 'Training', exact: true }).click();
    await page.locator('tr[data-assignment] a').first().click();
    const item = page.locator('input[name=item]');
    await item.first().waitFor();
    expect(await item.count()).toBe(1);
    expect(await item.first().isChecked()).toBe(true);
    await page.locator('select[name="category-classify-tagalog"]').selectOption('incitement');
    await page.getByRole('button', { name: 'Submit for assessment' }).click();
    const total = page.getByTestId('result-total');
    await total.waitFor({ timeout: 30_000 });
    expect(await total.textContent()).toContain('passed');
    expect(await total.textContent()).not.toContain('not passed');
    const criteria = page.getByRole('table', { name: 'Feedback per criterion' });
    for (const id of ['preservation', 'classification', 'legal_basis', 'metadata', 'conduct'])
      await criteria.locator(`tr[data-criterion=${id}]`).waitFor();
    expect(await page.getByTestId('score-preservation').textContent()).toMatch(/^50\/50/);
    expect(await page.getByTestId('score-classification').textContent()).toMatch(/^20\/20/);
    await saveScreenshot(page, 'training-feedback');

    // The certificate: download links, the PDF, and verification (valid, not revoked).
    await page.getByRole('link', { name: /^CRT-[0-9]+/ }).click();
    await page.waitForURL(/#\/certificates\/CRT-[0-9]+$/);
    const certificateId = /CRT-[0-9]+/.exec(page.url())?.[0] ?? '';
    expect(await page.getByTestId('certificate-standing').textContent()).toBe('issued');
    expect(await page.getByTestId('credential-download').getAttribute('href')).toMatch(/^blob:/);
    await page.getByRole('button', { name: 'Prepare the PDF certificate' }).click();
    await page.getByTestId('pdf-download').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('pdf-download').textContent()).toMatch(/KiB|MiB/);
    await page.getByRole('button', { name: 'Verify the credential' }).click();
    const verdict = page.getByTestId('verification-verdict');
    await verdict.waitFor();
    expect(await verdict.textContent()).toMatch(/^VALID/);
    expect(await page.locator('[data-check=status]').getAttribute('class')).toBe('ok');
    await saveScreenshot(page, 'training-certificate');
    await signOut(page);

    // The trainer reviews on the dashboard and revokes; the override history stays visible.
    await signIn(page, wb.url, 'trainer');
    await page.goto(`${wb.url}/#/cohorts/${cohortId}`);
    const dashboardRow = page.locator('tr[data-row]').first();
    await dashboardRow.getByRole('link', { name: certificateId }).waitFor();
    // The CSV export is the same dashboard, downloaded with the trainer's session.
    const csvHref = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    const csv = await page.request.get(new URL(csvHref ?? '', wb.url).href);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const [header, line] = (await csv.text()).trim().split('\r\n');
    expect(header).toMatch(/^trainee,variant,assignment,scenario,status,/);
    expect(line).toMatch(new RegExp(`^trainee,${variant},ASG-[0-9]+,${SCENARIO},submitted,`));
    await dashboardRow.getByRole('button', { name: 'Review trainee' }).click();
    await page.getByRole('combobox', { name: 'Criterion' }).selectOption('conduct');
    await page.getByLabel(/^New score/).fill('9');
    await page.getByLabel('Reason (kept in the history)').fill('hesitated over the like button');
    await page.getByRole('button', { name: 'Override' }).click();
    await page.getByRole('heading', { name: 'Override history' }).waitFor();
    expect(await page.locator('.overrides li').first().textContent()).toContain(
      'hesitated over the like button',
    );
    await page.getByLabel('Reason for revocation').fill('awarded on an exam taken by someone else');
    await page.getByRole('button', { name: `Revoke ${certificateId}` }).click();
    await dashboardRow.getByText('revoked').waitFor();
    await saveScreenshot(page, 'training-dashboard');
    await signOut(page);

    // Verification now reports the credential revoked.
    await signIn(page, wb.url, 'trainee');
    await page.goto(`${wb.url}/#/certificates/${certificateId}`);
    await page.getByTestId('certificate-standing').waitFor();
    expect(await page.getByTestId('certificate-standing').textContent()).toBe('revoked');
    expect(await page.getByTestId('revocation').textContent()).toContain('someone else');
    await page.getByRole('button', { name: 'Verify the credential' }).click();
    await verdict.waitFor();
    expect(await verdict.textContent()).toMatch(/^REVOKED/);
    await saveScreenshot(page, 'training-revoked');
    await page.context().close();
    expect(wb.problems).toEqual([]);
  }, 120_000);
});
