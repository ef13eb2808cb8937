// POST /api/concept-notes/parse on a real server: who may call it, what it answers, what it refuses.
import { readFileSync } from 'node:fs'
import { Document, Packer, Paragraph } from 'docx'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import { generateToken, hashToken } from '../../server/auth/tokens.ts'
import type { ParsedConceptNote } from '../../shared/concept-note/index.ts'
import { smallMeeting } from '../support/meetings.ts'
import { useTestServer } from '../support/server.ts'

const seed = readFileSync(new URL('../../examples/concept-note-preventive-diplomacy.ar.txt', import.meta.url), 'utf8')

describe('POST /api/concept-notes/parse', () => {
  const { server, seed: seedMeeting } = useTestServer()

  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    fetch(`${server().url}/api/concept-notes/parse`, { method: 'POST', body, headers })
  const asAdmin = (body: unknown, headers: Record<string, string> = {}) =>
    post(JSON.stringify(body), { 'content-type': 'application/json', authorization: `Bearer ${server().adminToken}`, ...headers })

  it('reads the seed note for the admin', async () => {
    const response = await asAdmin({ text: seed })
    expect(response.status).toBe(200)
    const parsed = await response.json() as ParsedConceptNote
    expect(parsed).toMatchObject({
      title: 'السلام والأمن من خلال الدبلوماسية الوقائية: هدف مشترك لجميع الأجهزة الرئيسية للأمم المتحدة',
      date: '2021-11-16T10:00',
      outcomeKind: 'presidential-statement',
      warnings: []
    })
    expect(parsed.questions.map((q) => q.label)).toEqual(['أ', 'ب', 'ج', 'د', 'هـ', 'و'])
    expect(parsed.briefers).toHaveLength(4)
  })

  it('reads it for a meeting\'s chair too', async () => {
    const meeting = await seedMeeting(smallMeeting())
    const response = await post(JSON.stringify({ text: seed }), { 'content-type': 'application/json', authorization: `Bearer ${meeting.tokens.chair}` })
    expect(response.status).toBe(200)
    expect((await response.json() as ParsedConceptNote).questions).toHaveLength(6)
  })

  it('reads a .docx of the seed note to the same result as its text', async () => {
    const document = new Document({ sections: [{ children: seed.split('\n').map((line) => new Paragraph({ text: line, bidirectional: true })) }] })
    const docx = (await Packer.toBuffer(document)).toString('base64')
    const [fromDocx, fromText] = await Promise.all([asAdmin({ docx }), asAdmin({ text: seed })])
    expect(fromDocx.status).toBe(200)
    expect(await fromDocx.json()).toEqual(await fromText.json())
  })

  it.each([
    ['no token', () => ({}), 401, 'UNAUTHORIZED'],
    ['a wrong token', () => ({ authorization: 'Bearer not-a-real-token-at-all' }), 401, 'UNAUTHORIZED'],
    ['a malformed header', () => ({ authorization: 'Basic abc' }), 401, 'UNAUTHORIZED']
  ])('refuses %s', async (_label, headers, status, code) => {
    const response = await post(JSON.stringify({ text: seed }), { 'content-type': 'application/json', ...headers() })
    expect(response.status).toBe(status)
    expect(await response.json()).toMatchObject({ error: { code, message: expect.any(String) } })
  })

  it.each([
    ['a delegation', (tokens: Awaited<ReturnType<typeof seedMeeting>>['tokens']) => Object.values(tokens.delegations)[0]!],
    ['a note-taker', (tokens: Awaited<ReturnType<typeof seedMeeting>>['tokens']) => tokens.notetaker],
    ['the public', (tokens: Awaited<ReturnType<typeof seedMeeting>>['tokens']) => tokens.public]
  ])('forbids %s', async (_label, pick) => {
    const meeting = await seedMeeting(smallMeeting())
    const response = await post(JSON.stringify({ text: seed }), { 'content-type': 'application/json', authorization: `Bearer ${pick(meeting.tokens)}` })
    expect(response.status).toBe(403)
    expect(await response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } })
  })

  it('refuses a revoked chair token', async () => {
    const meeting = await seedMeeting(smallMeeting())
    await server().store.reissueToken({ hash: hashToken(generateToken()), meetingId: meeting.id, role: 'chair', delegation: null, createdAtMs: Date.now(), revokedAtMs: null })
    const response = await post(JSON.stringify({ text: seed }), { 'content-type': 'application/json', authorization: `Bearer ${meeting.tokens.chair}` })
    expect(response.status).toBe(401)
  })

  it('refuses 10 MB from a stranger without reading it', async () => {
    const response = await post(JSON.stringify({ text: 'x'.repeat(10 * 1024 * 1024) }), { 'content-type': 'application/json' })
    expect(response.status).toBe(401)
  })

  const binary = new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256))

  it.each([
    ['an empty text', JSON.stringify({ text: '' }), 'application/json', 400, 'INVALID_PAYLOAD'],
    ['a text of spaces', JSON.stringify({ text: ' \n\t ' }), 'application/json', 400, 'INVALID_PAYLOAD'],
    ['an empty object', '{}', 'application/json', 400, 'INVALID_PAYLOAD'],
    ['an empty body', '', 'application/json', 400, 'INVALID_PAYLOAD'],
    ['text and docx at once', JSON.stringify({ text: 'x', docx: 'UEs=' }), 'application/json', 400, 'INVALID_PAYLOAD'],
    ['a text that is not a string', JSON.stringify({ text: ['(a) How?'] }), 'application/json', 400, 'INVALID_PAYLOAD'],
    ['broken JSON', '{"text": "(a) How', 'application/json', 400, 'INVALID_PAYLOAD'],
    ['a 10 MB text', JSON.stringify({ text: 'x'.repeat(10 * 1024 * 1024) }), 'application/json', 413, 'PAYLOAD_TOO_LARGE'],
    ['a text over 500,000 characters', JSON.stringify({ text: 'x'.repeat(500_001) }), 'application/json', 400, 'INVALID_PAYLOAD'],
    ['binary bytes as the body', binary, 'application/octet-stream', 415, 'INVALID_PAYLOAD'],
    ['binary bytes labelled JSON', binary, 'application/json', 400, 'INVALID_PAYLOAD'],
    ['a binary file read as text', JSON.stringify({ text: Buffer.from(binary).toString('latin1') }), 'application/json', 400, 'INVALID_PAYLOAD'],
    ['plain text', seed, 'text/plain', 415, 'INVALID_PAYLOAD'],
    ['a form', 'text=hello', 'application/x-www-form-urlencoded', 415, 'INVALID_PAYLOAD'],
    ['a multipart upload', '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nhello\r\n--x--', 'multipart/form-data; boundary=x', 415, 'INVALID_PAYLOAD'],
    ['docx that is not base64', JSON.stringify({ docx: 'this is not base64!' }), 'application/json', 400, 'INVALID_PAYLOAD'],
    ['docx that is not a zip', JSON.stringify({ docx: Buffer.from(binary).toString('base64') }), 'application/json', 400, 'INVALID_PAYLOAD']
  ])('answers %s with a named error', async (_label, body, contentType, status, code) => {
    const response = await post(body, { 'content-type': contentType, authorization: `Bearer ${server().adminToken}` })
    expect(response.status).toBe(status)
    expect(await response.json()).toMatchObject({ error: { code, message: expect.any(String) } })
  })

  it('refuses a zip that is not a Word document', async () => {
    const notWord = new JSZip().file('hello.txt', 'hello')
    const response = await asAdmin({ docx: (await notWord.generateAsync({ type: 'nodebuffer' })).toString('base64') })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: { code: 'INVALID_PAYLOAD' } })
  })

  it('reads a small .docx with a 30 MB part it never opens, without unpacking that part', async () => {
    const document = new Document({ sections: [{ children: [new Paragraph('Guiding questions'), new Paragraph('(a) How?')] }] })
    const zip = await JSZip.loadAsync(await Packer.toBuffer(document))
    const readable = await zip.generateAsync({ type: 'nodebuffer' })
    expect((await asAdmin({ docx: readable.toString('base64') })).status).toBe(200)

    zip.file('word/media/padding.bin', new Uint8Array(30 * 1024 * 1024))
    const packed = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
    expect(packed.length).toBeLessThan(1024 * 1024)
    // Parts are inflated only when read, each byte counted (concept-note-import-limits.test.ts).
    const response = await asAdmin({ docx: packed.toString('base64') })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ questions: [{ label: 'a', text: 'How?' }] })
  }, 60_000)

  it('leaves other API routes as they were', async () => {
    const response = await fetch(`${server().url}/api/concept-notes/other`, { method: 'POST' })
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
  })
})
