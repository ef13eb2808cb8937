// A concept-note upload built to cost the server: a zip bomb, a zip whose directory lies about its
// sizes, a .docx of 500,000 empty paragraphs. Each is refused with a named code, and the server keeps
// answering while it is read, because it is read in a worker with a heap cap and a deadline.
import { Document, Packer, Paragraph } from 'docx'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import { useTestServer } from '../support/server.ts'

const MB = 1024 * 1024

/** A real .docx whose document.xml is rewritten by `edit`, deflated. */
async function docxWith (edit: (documentXml: string) => string): Promise<Buffer> {
  const document = new Document({ sections: [{ children: [new Paragraph('Guiding questions'), new Paragraph('(a) How?')] }] })
  const zip = await JSZip.loadAsync(await Packer.toBuffer(document))
  const xml = await zip.file('word/document.xml')!.async('string')
  zip.file('word/document.xml', edit(xml))
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } })
}

/** Sets the uncompressed size the zip declares for `part` (local header and central directory) to `bytes`. */
function lieAboutSize (zip: Buffer, part: string, bytes: number): Buffer {
  const lying = Buffer.from(zip)
  const named = (nameAt: number, lengthAt: number) => lying.toString('utf8', nameAt, nameAt + lying.readUInt16LE(lengthAt)) === part
  for (let at = 0; at + 46 <= lying.length; at++) {
    const signature = lying.readUInt32LE(at)
    if (signature === 0x04034b50 && named(at + 30, at + 26)) lying.writeUInt32LE(bytes, at + 22)
    if (signature === 0x02014b50 && named(at + 46, at + 28)) lying.writeUInt32LE(bytes, at + 24)
  }
  expect(lying.equals(zip)).toBe(false)
  return lying
}

describe('concept-note import limits', () => {
  const { server } = useTestServer()
  const upload = (docx: Buffer) => fetch(`${server().url}/api/concept-notes/parse`, {
    method: 'POST',
    body: JSON.stringify({ docx: docx.toString('base64') }),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server().adminToken}` }
  })

  it('refuses a .docx whose text unpacks past 20 MB, counting what actually inflates', async () => {
    const bomb = await docxWith((xml) => xml.replace('</w:body>', `${' '.repeat(30 * MB)}</w:body>`))
    expect(bomb.length).toBeLessThan(MB)
    const response = await upload(bomb)
    expect(response.status).toBe(413)
    expect(await response.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } })
  })

  it('refuses the same bomb when its zip directory claims its text is 1 kB', async () => {
    const bomb = lieAboutSize(await docxWith((xml) => xml.replace('</w:body>', `${' '.repeat(30 * MB)}</w:body>`)), 'word/document.xml', 1024)
    const response = await upload(bomb)
    expect(response.status).toBe(413)
    expect(await response.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } })
  })

  it('refuses a small .docx of 500,000 paragraphs as too complex while /healthz keeps answering', async () => {
    const paragraphs = await docxWith((xml) => xml.replace('</w:body>', `${'<w:p><w:r><w:t>x</w:t></w:r></w:p>'.repeat(500_000)}</w:body>`))
    expect(paragraphs.length).toBeLessThan(200 * 1024)
    let settled = false
    const imported = upload(paragraphs).finally(() => { settled = true })
    let healthAnswers = 0
    while (!settled) {
      const health = await fetch(`${server().url}/healthz`)
      expect(health.status).toBe(200)
      healthAnswers++
    }
    const response = await imported
    expect(response.status).toBe(422)
    expect(await response.json()).toMatchObject({ error: { code: 'IMPORT_TOO_COMPLEX' } })
    // Read on the server's own thread, the paragraphs held the event loop for the whole parse.
    expect(healthAnswers).toBeGreaterThan(20)
  }, 60_000)

  it('still reads an ordinary .docx after all that', async () => {
    const response = await upload(await docxWith((xml) => xml))
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ questions: [{ label: 'a', text: 'How?' }] })
  })
})
