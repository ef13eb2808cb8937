// Screenshots of pages served by different nodes of a running three-node cluster (/work/cluster3.sh).
import { readFileSync, readdirSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { RostrumClient } from './shared/client/rostrum-client.ts'
import { nextWaitingSpeaker } from './shared/domain/order.ts'
const dir = '/tmp/mdata'
const node = readdirSync(dir).find((n) => { try { readFileSync(`${dir}/${n}/links.json`); return true } catch { return false } })!
const demo = JSON.parse(readFileSync(`${dir}/${node}/links.json`, 'utf8')).demo
const nodes = ['http://127.0.0.1:3941', 'http://127.0.0.1:3942', 'http://127.0.0.1:3943']
// The chair's commands go through node 2; the meeting is first opened there.
const chair = new RostrumClient({ url: nodes[1]!, token: demo.tokens.chair })
await chair.whenSynced
await chair.command('meeting:open', {})
await chair.command('floor:next', { expectedSpeakerId: nextWaitingSpeaker(chair.state!)!.id })
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] })
const pages: [string, string, string][] = [
  ['chair-node3', nodes[2]!, `/m/${demo.id}/chair`], ['public-node1', nodes[0]!, `/m/${demo.id}/public`],
  ['screen-node2', nodes[1]!, `/m/${demo.id}/screen`], ['notes-node1', nodes[0]!, `/m/${demo.id}/notes`]
]
const tokens: Record<string, string> = { chair: demo.tokens.chair, public: demo.tokens.public, screen: demo.tokens.public, notes: demo.tokens.notetaker }
for (const lang of ['en', 'ar']) {
  for (const [name, base, path] of pages) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const role = path.split('/').at(-1)!
    await page.goto(`${base}${path}?lang=${lang}#token=${tokens[role]}`)
    await page.waitForTimeout(2500)
    await page.screenshot({ path: `/tmp/shots/${name}-${lang}.png` })
    await page.close()
  }
}
await browser.close()
chair.close()
console.log('owner', JSON.stringify(await (await fetch(nodes[0] + '/healthz')).json()))
process.exit(0)
