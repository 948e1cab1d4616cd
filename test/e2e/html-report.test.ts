/**
 * The HTML audit report in a real browser (Debian's Chromium, driven by playwright-core): it
 * renders offline, its tables hold the expected rows, and a screenshot is produced.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { auditView } from "../../evaluator/report/audit-view";
import { renderHtml } from "../../evaluator/report/html";
import { sampleResult } from "../unit/evaluator/report/sample-result";
import { REPO_ROOT } from "./support";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const OUT_DIR = join(REPO_ROOT, "test-output");

describe("HTML audit report in Chromium", function () {
  this.timeout(60_000);
  let browser: Browser;

  before(async function () {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    });
  });

  after(async () => browser?.close());

  it("renders offline with the requirement matrix, findings, exemptions and every outcome", async () => {
    const result = sampleResult();
    mkdirSync(OUT_DIR, { recursive: true });
    const file = join(OUT_DIR, "report.html");
    writeFileSync(file, renderHtml(result));

    const page = await browser.newPage();
    const requests: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith("file:")) requests.push(request.url());
    });
    await page.goto(`file://${file}`);

    assert.deepEqual(requests, [], "the report must not load anything from the network");
    assert.match(await page.locator("#verdict").innerText(), /^FAIL: 1 mandatory and 1 advisory violations/);
    const matrix = await page.locator("#pci-matrix tbody tr").allInnerTexts();
    assert.equal(matrix.length, auditView(result).matrix.length);
    assert.match(matrix.find((row) => row.startsWith("12.5.1")) ?? "", /tags-required\s+1\s+1\s+1\s+0/);
    assert.equal(await page.locator("#outcomes tbody tr").count(), result.outcomes.length);
    assert.equal(await page.locator("#findings li").count(), 2);
    assert.equal(await page.locator("#exemptions tbody tr.expired").count(), 1);
    assert.match(
      await page.locator("#findings").innerText(),
      /Missing required tags: Owner, "CostCenter" <b>&/,
    );

    const screenshot = join(OUT_DIR, "report.png");
    await page.screenshot({ path: screenshot, fullPage: true });
    assert.ok(statSync(screenshot).size > 10_000, "the screenshot has content");
  });
});
