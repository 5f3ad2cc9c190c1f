import { describe, expect, it } from 'vitest'
import { createWriteStream, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { spawn } from 'node:child_process'
import { connect, createServer, type NetConnectOpts } from 'node:net'
import { Masker, MaskStream, maskPlan, pipeThroughMask } from '../../../src/core/run/mask.js'

const VALUE = 'p@ss/w0rd+"quoted"\\end'
const plan = maskPlan([
  { name: 'DB_PASSWORD', value: VALUE },
  { name: 'PIN', value: '1234' },
])

async function through(chunks: string[]): Promise<string> {
  const stream = new MaskStream(plan.patterns)
  let out = ''
  stream.on('data', (d: Buffer) => (out += d.toString()))
  for (const chunk of chunks) {
    stream.write(Buffer.from(chunk))
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
    const stream = new MaskStream(plan.patterns)
    let out = ''
    stream.on('data', (d: Buffer) => (out += d.toString()))
    stream.write(Buffer.from(`a ${VALUE.slice(0, 7)}`))
    // The held bytes go out after FLUSH_MS (waited for, bounded: a loaded machine is late).
    for (let i = 0; i < 200 && out.length < 9; i++) await new Promise((r) => setTimeout(r, 10))
    expect(out).toBe(`a ${VALUE.slice(0, 7)}`)
    stream.end(Buffer.from(`${VALUE.slice(7)} b\n`))
    await new Promise((r) => stream.once('end', r))
    expect(out).toBe(`a ${VALUE.slice(0, 7)}****DB_PASSWORD b\n`)
  })

  // A chunk longer than the longest pattern after held bytes is not joined to them: the held
  // bytes are settled on a short join, the rest of the chunk is searched in place.
  const LONG = 'x'.repeat(200)
  it.each([
    [
      'split, then a long chunk',
      [`a ${VALUE.slice(0, 5)}`, `${VALUE.slice(5)} b${LONG}\n`],
      `a ****DB_PASSWORD b${LONG}\n`,
    ],
    [
      'split, a long chunk with a second value in it',
      [`a ${VALUE.slice(0, 5)}`, `${VALUE.slice(5)}${LONG}${VALUE}\n`],
      `a ****DB_PASSWORD${LONG}****DB_PASSWORD\n`,
    ],
    [
      'a held prefix that does not complete',
      [`a ${VALUE.slice(0, 5)}`, `!${LONG}\n`],
      `a ${VALUE.slice(0, 5)}!${LONG}\n`,
    ],
    [
      'a held prefix, then the value at once',
      [`a ${VALUE.slice(0, 5)}`, `${VALUE}${LONG}\n`],
      `a ${VALUE.slice(0, 5)}****DB_PASSWORD${LONG}\n`,
    ],
    [
      'base64 split, then a long chunk',
      [
        `t=${Buffer.from(VALUE).toString('base64').slice(0, 9)}`,
        `${Buffer.from(VALUE).toString('base64').slice(9)}${LONG}`,
      ],
      `t=****DB_PASSWORD${LONG}`,
    ],
  ])('%s', async (_name, chunks, expected) => {
    expect(await through(chunks)).toBe(expected)
  })

  it('values whose forms share a prefix are told apart (one search per shared prefix)', async () => {
    const shared = maskPlan([
      { name: 'ONE', value: 'shared-prefix-one' },
      { name: 'TWO', value: 'shared-prefix-two' },
    ])
    const m = new Masker(shared.patterns)
    const out = Buffer.concat([
      ...m.write(Buffer.from('shared-prefix-two shared-prefix-one shared-prefix-three shared-prefix-o')),
      ...m.write(Buffer.from('ne.')),
      ...m.end(),
    ]).toString()
    expect(out).toBe('****TWO ****ONE shared-prefix-three ****ONE.')
  })

  it('passes a chunk without a value through as the same bytes, not a copy', () => {
    const chunk = Buffer.from(`nothing to mask here${LONG}\n`)
    const parts = new Masker(plan.patterns).write(chunk)
    expect(parts).toHaveLength(1)
    expect(parts[0]?.buffer).toBe(chunk.buffer)
  })
})

describe('Masker: the output does not depend on where the writes split', () => {
  // Seeded pseudo-random texts of value forms, their prefixes and noise, cut at random places.
  const forms = plan.patterns.map((p) => p.bytes.toString())
  let seed = 7
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
  const text = () =>
    Array.from({ length: 40 }, () => {
      const form = forms[rand(forms.length)] ?? ''
      return [form, form.slice(0, 1 + rand(form.length - 1)), 'x'.repeat(rand(90)), '\n'][rand(4)]
    }).join('')
  const run = (input: Buffer, cuts: number[]) => {
    const m = new Masker(plan.patterns)
    const parts: Buffer[] = []
    let at = 0
    for (const cut of [...cuts, input.length]) {
      parts.push(...m.write(input.subarray(at, cut)))
      at = cut
    }
    return Buffer.concat([...parts, ...m.end()]).toString()
  }
  it.each(Array.from({ length: 30 }, (_, i) => [i]))('text %i', () => {
    const input = Buffer.from(text())
    const whole = run(input, [])
    for (const form of forms) expect(whole).not.toContain(form)
    const cuts = [...new Set(Array.from({ length: 1 + rand(12) }, () => rand(input.length)))].sort(
      (a, b) => a - b,
    )
    expect(run(input, cuts)).toBe(whole)
  })
})

describe('pipeThroughMask', () => {
  const chunks = [`a ${VALUE.slice(0, 7)}`, `${VALUE.slice(7)} b${'y'.repeat(300)}\n`, `c ${VALUE}\n`]
  const expected = `a ****DB_PASSWORD b${'y'.repeat(300)}\nc ****DB_PASSWORD\n`
  /** A source piped through the mask into a stream whose text is collected. */
  const collected = () => {
    const from = new PassThrough()
    const to = new PassThrough()
    const sink = { out: '', done: pipeThroughMask(from, to, plan.patterns), from, to }
    to.on('data', (d: Buffer) => (sink.out += d.toString()))
    return sink
  }

  it('into a stream (corked writes): the masked text, in order', async () => {
    const sink = collected()
    for (const chunk of chunks) sink.from.write(chunk)
    sink.from.end()
    await sink.done
    expect(sink.out).toBe(expected)
  })

  it('into a file (one writev on its descriptor): the masked text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mask-'))
    try {
      const file = join(dir, 'out')
      const to = createWriteStream(file, { fd: openSync(file, 'w') })
      const from = new PassThrough()
      const done = pipeThroughMask(from, to, plan.patterns)
      for (const chunk of chunks) from.write(chunk)
      from.end()
      await done
      expect(readFileSync(file, 'utf8')).toBe(expected)
      to.destroy()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('when the reader goes away (EPIPE) it stops reading, so the child sees it too', async () => {
    const sink = collected()
    sink.from.write('first line\n')
    await new Promise((r) => setImmediate(r))
    // The destination fails as a closed pipe does.
    sink.to.destroy(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))
    await sink.done
    expect(sink.from.destroyed).toBe(true)
    expect(sink.out).toBe('first line\n')
  })

  it('a partial line that could begin a value is written after the flush delay', async () => {
    const sink = collected()
    sink.from.write(`waiting ${VALUE.slice(0, 4)}`)
    await new Promise((r) => setTimeout(r, 40))
    expect(sink.out).toBe(`waiting ${VALUE.slice(0, 4)}`)
    sink.from.end()
    await sink.done
  })

  // A child's pipe is read into one reused buffer. Output a socket queued (here one with a
  // high-water mark so large that its writes never report backpressure, to a slow reader) must
  // not be overwritten by the next read; the ChildProcess still reports 'close'.
  it("a child's pipe into a slow socket: every byte in order, the value masked, 'close' emitted", async () => {
    const lines = 200_000
    const writer = `const v = process.env.V; let s = ''; for (let i = 0; i < ${lines}; i++) s += i + (i % 7 ? ' line' : ' ' + v) + '\\n'; for (let i = 0; i < s.length; i += 50000) process.stdout.write(s.slice(i, i + 50000))`
    const child = spawn(process.execPath, ['-e', writer], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, V: VALUE },
    })
    const closed = new Promise((r) => child.once('close', r))
    const dir = mkdtempSync(join(tmpdir(), 'mask-'))
    const received: Buffer[] = []
    let readerDone: Promise<unknown> = Promise.resolve()
    const server = createServer((conn) => {
      readerDone = new Promise((r) => conn.once('end', r))
      conn.on('data', (b: Buffer) => {
        received.push(b)
        conn.pause()
        setTimeout(() => conn.resume(), 1)
      })
    })
    try {
      const path = join(dir, 's')
      await new Promise<void>((r) => server.listen(path, r))
      // Duplex options reach the socket (not in NetConnectOpts' type).
      const to = connect({ path, writableHighWaterMark: 1 << 28 } as NetConnectOpts)
      await new Promise((r) => to.once('connect', r))
      await pipeThroughMask(child.stdout, to, plan.patterns)
      await closed
      to.end()
      await readerDone
    } finally {
      server.close()
      rmSync(dir, { recursive: true, force: true })
    }
    const expected = Array.from(
      { length: lines },
      (_, i) => `${i}${i % 7 ? ' line' : ' ****DB_PASSWORD'}\n`,
    ).join('')
    // A read that ends inside a value holds its start back for FLUSH_MS; on a loaded machine
    // the child can be descheduled for longer, and then that start goes out in clear before
    // the masked rest (the documented trade-off, tested above). That is timing, not the
    // buffer reuse this test is about, so such a prefix is taken out before comparing; a
    // reused buffer overwriting queued output still shows as wrong bytes.
    const prefixes = Array.from({ length: VALUE.length - 1 }, (_, i) => VALUE.slice(0, i + 1))
      .reverse()
      .map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    const flushed = new RegExp(`(?:${prefixes.join('|')})(?=\\*{4}DB_PASSWORD)`, 'g')
    const out = Buffer.concat(received).toString().replace(flushed, '')
    // Where they first differ, shown (the whole 2 MB would not be).
    let at = 0
    while (at < out.length && out[at] === expected[at]) at++
    expect(out.slice(Math.max(0, at - 60), at + 60)).toBe(expected.slice(Math.max(0, at - 60), at + 60))
    expect(out.length).toBe(expected.length)
  })

  // Reading paused for backpressure (a slow reader on a pipe) is not the child pausing: the
  // held start of a value must wait for the rest, not go out after FLUSH_MS. (Before, the
  // timer ran on while paused: `p****DB_PASSWORD`, the value's first bytes in clear.)
  it('a value split across reads while the output pipe is full is masked whole', async () => {
    const lines = 100_000
    const writer = `const v = process.env.V; let s = ''; for (let i = 0; i < ${lines}; i++) s += i + (i % 7 ? ' line' : ' ' + v) + '\\n'; process.stdout.write(s)`
    const slowCat = `process.stdin.on('data', (d) => { process.stdout.write(d); process.stdin.pause(); setTimeout(() => process.stdin.resume(), 10) })`
    const child = spawn(process.execPath, ['-e', writer], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, V: VALUE },
    })
    const reader = spawn(process.execPath, ['-e', slowCat], { stdio: ['pipe', 'pipe', 'inherit'] })
    const received: Buffer[] = []
    reader.stdout.on('data', (b: Buffer) => received.push(b))
    const read = new Promise((r) => reader.once('close', r))
    await pipeThroughMask(child.stdout, reader.stdin, plan.patterns)
    reader.stdin.end()
    await read
    const out = Buffer.concat(received).toString()
    expect(
      out.split('\n').filter((l) => l.includes('DB_PASSWORD') && !/^\d+ \*{4}DB_PASSWORD$/.test(l)),
    ).toEqual([])
    expect(out.split('\n')).toHaveLength(lines + 1)
  })
})
