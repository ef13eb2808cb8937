import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { artifactsDir as artifacts, browserAvailable, downloadedText, repoRoot, useBrowserSuite } from '../support/browser.ts'

// The Council of 2021, as a secretariat officer would paste it: names in two languages, codes, and a typo.
const COUNCIL_PASTE = [
  'China', 'Estonia', 'France', 'United Kingdom', 'IND', 'Ireland', 'Kenya', 'المكسيك', 'NER', 'Norway',
  'Russian Federation', 'تونس', 'USA', 'VCT', 'Viet Nam', 'Atlantis'
].join('\n')

describe.skipIf(!browserAvailable())('setting up a meeting from its concept note, in Arabic', () => {
  const { server, open: openPage } = useBrowserSuite()
  const open = (link: string) => openPage(link, 'ar', { acceptDownloads: true })

  it('reads the seed note, takes the Council by paste, creates the meeting and hands out its links', async () => {
    const page = await open(`${server().url}/setup?lang=ar#token=${server().adminToken}`)
    await page.getByRole('heading', { name: 'إعداد جلسة' }).waitFor()
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl'])
    // The admin token left the address bar.
    expect(new URL(page.url()).hash).toBe('')

    // Step 1: the concept note.
    const note = readFileSync(join(repoRoot, 'examples', 'concept-note-preventive-diplomacy.ar.txt'), 'utf8')
    await page.getByLabel('نص المذكرة المفاهيمية').fill(note)
    await page.screenshot({ path: join(artifacts, 'setup-1-note-ar.png'), fullPage: true })
    await page.getByRole('button', { name: 'قراءة المذكرة المفاهيمية' }).click()

    // Step 2: review. The six questions (أ)–(و) and the four briefers.
    await page.getByRole('heading', { name: 'المراجعة والتعديل', level: 2 }).waitFor()
    const labels = page.getByTestId('setup-questions').getByRole('textbox', { name: 'الرمز' })
    await expect.poll(() => labels.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value)))
      .toEqual(['أ', 'ب', 'ج', 'د', 'هـ', 'و'])
    const briefers = page.getByTestId('setup-briefers').getByRole('textbox')
    expect(await briefers.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value)))
      .toEqual(['رئيس الجمعية العامة', 'رئيس المجلس الاقتصادي والاجتماعي', 'رئيس محكمة العدل الدولية', 'الأمين العام'])
    expect(await page.getByLabel('التاريخ').inputValue()).toBe('2021-11-16')
    expect(await page.getByLabel('وقت البدء').inputValue()).toBe('10:00')
    // In practice the Secretary-General spoke first: moved up by keyboard-reachable buttons.
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'نقل إلى أعلى: الأمين العام' }).click()
    expect(await briefers.first().inputValue()).toBe('الأمين العام')

    // The template, and the fifteen Council members pasted as a list (one line is nobody).
    await page.getByRole('radio', { name: /مناقشة مفتوحة لمجلس الأمن/ }).check()
    const council = page.getByRole('group', { name: /أعضاء المجلس/ })
    await council.getByText('أو الصق قائمة').click()
    await council.getByRole('textbox', { name: /أو الصق قائمة/ }).fill(COUNCIL_PASTE)
    await council.getByRole('button', { name: 'إضافة القائمة الملصقة' }).click()
    await expect.poll(() => page.getByTestId('council-chosen').getByRole('listitem').count()).toBe(15)
    expect(await page.getByTestId('council-unmatched').innerText()).toBe('Atlantis')

    // Another speaker through the autocomplete, by keyboard.
    const others = page.getByRole('combobox', { name: /الدول الأعضاء الأخرى والمراقبون/ })
    await others.fill('Egypt')
    await others.press('Enter')
    await page.getByTestId('others-chosen').getByText('مصر').waitFor()

    // A group statement: Finland on behalf of the Nordic countries.
    await page.getByRole('button', { name: 'إضافة بيان باسم مجموعة' }).click()
    const group = page.getByRole('group', { name: 'البيان باسم مجموعة 1' })
    const speaker = group.getByRole('combobox', { name: /المتكلم/ })
    await speaker.fill('FIN')
    await speaker.press('Enter')
    // The roster's common groups: choosing one fills in its name in the page's language and its members.
    await group.getByLabel('مجموعة شائعة').selectOption({ label: 'بلدان الشمال الأوروبي' })
    expect(await group.getByLabel('باسم (المجموعة)').inputValue()).toBe('بلدان الشمال الأوروبي')
    const members = group.getByRole('group', { name: 'أعضاء المجموعة' })
    await expect.poll(() => members.getByRole('listitem').count(), { timeout: 10_000 }).toBe(5)
    // 15 Council members, Egypt, Finland: the group's other members need no link.
    await page.getByTestId('setup-delegation-count').filter({ hasText: '17' }).waitFor({ timeout: 10_000 })
    await page.screenshot({ path: join(artifacts, 'setup-2-review-ar.png'), fullPage: true })

    // Step 3: create, and the links with their QR codes.
    await page.getByRole('button', { name: 'إنشاء الجلسة' }).click()
    await page.getByRole('heading', { name: 'أُنشئت الجلسة' }).waitFor()
    const links = page.getByTestId('setup-link')
    await expect.poll(() => links.count()).toBe(4 + 17)
    await expect.poll(() => page.getByTestId('setup-qr').evaluateAll((images) =>
      images.filter((image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0).length)).toBe(21)
    await page.screenshot({ path: join(artifacts, 'setup-3-links-ar.png'), fullPage: true })

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'تنزيل روابط الوفود (CSV)' }).click()
    ])
    const csv = await downloadedText(download)
    const rows = parse(csv, { bom: true }) as string[][]
    expect(rows[0]).toEqual(['code', 'name', 'link'])
    expect(rows).toHaveLength(18)
    expect(rows.map((row) => row[0])).toEqual(expect.arrayContaining(['CHN', 'MEX', 'VCT', 'EGY', 'FIN']))
    expect(rows.map((row) => row[0])).not.toEqual(expect.arrayContaining(['SWE']))
    expect(rows.find((row) => row[0] === 'MEX')?.[1]).toBe('المكسيك')
    for (const [, , link] of rows.slice(1)) expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/m\/[\w-]+\/delegation#token=[\w-]+$/)

    // The chair link opens the meeting; its first speaker is the Secretary-General.
    const chairLink = await links.first().getByRole('textbox').inputValue()
    expect(chairLink).toMatch(/\/chair#token=/)
    const [base = chairLink, fragment = ''] = chairLink.split('#')
    const chair = await open(`${base}?lang=ar#${fragment}`)
    await chair.getByRole('button', { name: 'افتتاح الجلسة' }).click()
    await chair.getByRole('button', { name: 'دعوة المتكلم التالي' }).click()
    await chair.getByTestId('current-speaker-name').filter({ hasText: 'الأمين العام' }).waitFor()
    expect(await chair.evaluate(() => document.documentElement.dir)).toBe('rtl')
    await chair.screenshot({ path: join(artifacts, 'setup-4-chair-ar.png'), fullPage: true })
  })
})
