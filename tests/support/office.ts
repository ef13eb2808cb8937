// LibreOffice renders a Word export to PDF, as a reader's office suite would lay it out; poppler reads
// back where each word landed. Debian: `apt-get install libreoffice-writer-nogui poppler-utils`.
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const SOFFICE = process.env.SOFFICE_PATH ?? '/usr/bin/soffice'
const PDFTOTEXT = '/usr/bin/pdftotext'
const PDFTOPPM = '/usr/bin/pdftoppm'

/**
 * Whether the Word layout tests can run here. Locally a missing LibreOffice skips them with a loud
 * warning; under CI=true it is a failure, as for the browser (see browserAvailable).
 */
export function officeAvailable (): boolean {
  const missing = [SOFFICE, PDFTOTEXT, PDFTOPPM].filter((path) => !existsSync(path))
  if (missing.length === 0) return true
  if (process.env.CI === 'true') {
    throw new Error(`CI=true but ${missing.join(', ')} missing: apt-get install libreoffice-writer-nogui poppler-utils (or set SOFFICE_PATH).`)
  }
  const line = '!'.repeat(78)
  console.warn(['', line, `!!  WORD LAYOUT TESTS SKIPPED: ${missing.join(', ')} missing`,
    '!!  Install with `apt-get install -y --no-install-recommends libreoffice-writer-nogui poppler-utils`.',
    '!!  Under CI=true this is a failure.', line, ''].join('\n'))
  return false
}

export interface PdfWord { readonly text: string; readonly xMin: number; readonly xMax: number; readonly yMin: number }
export interface PdfLine { readonly page: number; readonly xMin: number; readonly xMax: number; readonly yMin: number; readonly words: readonly PdfWord[] }
export interface RenderedDocx {
  readonly pdf: string
  readonly pageWidth: number
  readonly lines: readonly PdfLine[]
}

/** Converts the document with a profile of its own (parallel runs must not share one); reads the words' boxes. */
export async function renderDocx (docx: Buffer, name: string): Promise<RenderedDocx> {
  const dir = mkdtempSync(join(tmpdir(), 'rostrum-docx-'))
  const input = join(dir, `${name}.docx`)
  writeFileSync(input, docx)
  await run(SOFFICE, [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, input], { timeout: 110_000 })
  const pdf = join(dir, `${name}.pdf`)
  const bbox = join(dir, `${name}.html`)
  await run(PDFTOTEXT, ['-bbox-layout', pdf, bbox])
  return { pdf, ...parseBoxes(readFileSync(bbox, 'utf8')) }
}

/** Each page as a PNG (`<prefix>-<n>.png`), for a person to look at. */
export async function pagesToPng (pdf: string, prefix: string): Promise<void> {
  // The artifacts folder may not exist yet on a fresh clone, when no browser test has run first.
  mkdirSync(dirname(prefix), { recursive: true })
  await run(PDFTOPPM, ['-png', '-r', '80', pdf, prefix])
}

function parseBoxes (html: string): { pageWidth: number; lines: PdfLine[] } {
  const lines: PdfLine[] = []
  let pageWidth = 0
  let page = 0
  const number = (tag: string, name: string) => Number(new RegExp(`${name}="([\\d.]+)"`).exec(tag)?.[1] ?? NaN)
  for (const pageMatch of html.matchAll(/<page ([^>]*)>([\s\S]*?)<\/page>/g)) {
    page += 1
    pageWidth = number(pageMatch[1]!, 'width')
    for (const lineMatch of pageMatch[2]!.matchAll(/<line ([^>]*)>([\s\S]*?)<\/line>/g)) {
      const words = [...lineMatch[2]!.matchAll(/<word ([^>]*)>([^<]*)<\/word>/g)].map((word) => ({
        text: decode(word[2]!), xMin: number(word[1]!, 'xMin'), xMax: number(word[1]!, 'xMax'), yMin: number(word[1]!, 'yMin')
      }))
      lines.push({ page, xMin: number(lineMatch[1]!, 'xMin'), xMax: number(lineMatch[1]!, 'xMax'), yMin: number(lineMatch[1]!, 'yMin'), words })
    }
  }
  return { pageWidth, lines }
}

function decode (text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
}
