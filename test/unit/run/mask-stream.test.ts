import { describe, expect, it } from 'vitest'
import { MaskStream, maskPlan } from '../../../src/core/run/mask.js'

const VALUE = 'p@ss/w0rd+"quoted"\\end'
const plan = maskPlan([
  { name: 'DB_PASSWORD', value: VALUE },
  { name: 'PIN', value: '1234' },
])

async function through(chunks: string[], pauseMs = 0): Promise<string> {
  const stream = new MaskStream(plan.patterns)
  let out = ''
  stream.on('data', (d: Buffer) => (out += d.toString()))
  for (const chunk of chunks) {
    stream.write(Buffer.from(chunk))
    if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs))
  }
  stream.end()
  await new Promise((r) => stream.once('end', r))
  return out
}

describe('MaskStream', () => {
  it('names values too short to mask', () => {
    expect(plan.tooShort).toEqual(['PIN'])
  })

  it.each([
    ['plain', [`a ${VALUE} b\n`]],
    ['split in two', [`a ${VALUE.slice(0, 7)}`, `${VALUE.slice(7)} b\n`]],
    ['one byte at a time', [...`a ${VALUE} b\n`]],
    ['URL-encoded', [`a ${encodeURIComponent(VALUE)} b\n`]],
    ['base64', [`a ${Buffer.from(VALUE).toString('base64')} b\n`]],
    ['JSON-escaped', [`a ${JSON.stringify(VALUE).slice(1, -1)} b\n`]],
  ])('%s', async (_name, chunks) => {
    expect(await through(chunks)).toBe('a ****DB_PASSWORD b\n')
  })

  it('passes other text through unchanged, a held partial match included', async () => {
    expect(await through(['no secret here p@s', 's and more\n'])).toBe('no secret here p@ss and more\n')
    expect(await through(['ends with p@ss'])).toBe('ends with p@ss')
  })

  it('after a pause longer than the flush delay the rest of a split value is still masked', async () => {
    const out = await through([`a ${VALUE.slice(0, 7)}`, `${VALUE.slice(7)} b\n`], 30)
    expect(out).toBe(`a ${VALUE.slice(0, 7)}****DB_PASSWORD b\n`)
  })
})
