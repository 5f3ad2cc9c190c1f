import { describe, expect, it } from 'vitest'
import {
  labelProblem,
  parseSelectedPath,
  selectedName,
  selectionNotFound,
} from '../../../src/core/store/index.js'
import { parseReference } from '../../../src/core/run/index.js'
import { UsageError } from '../../../src/shared/errors.js'

describe('parseSelectedPath', () => {
  it.each([
    ['/app/db/password', { path: '/app/db/password' }],
    ['/app/db/password:3', { path: '/app/db/password', selector: { kind: 'version', version: 3 } }],
    ['/app/db/password:prod', { path: '/app/db/password', selector: { kind: 'label', label: 'prod' } }],
    [
      '/app/db/password:Blue_1.2-x',
      { path: '/app/db/password', selector: { kind: 'label', label: 'Blue_1.2-x' } },
    ],
    [' /app/key:100 ', { path: '/app/key', selector: { kind: 'version', version: 100 } }],
    ['/app/key/:2', { path: '/app/key', selector: { kind: 'version', version: 2 } }],
  ])('%s', (input, expected) => {
    expect(parseSelectedPath(input)).toEqual(expected)
  })

  it.each([
    ['/app/key:0', /version is a whole number from 1/],
    ['/app/key:', /a label has 1 to 100 characters/],
    ['/app/key:3a', /cannot start with a digit/],
    ['/app/key:awsprod', /cannot start with "aws" or "ssm"/],
    ['/app/key:SSM1', /cannot start with "aws" or "ssm"/],
    ['/app/key:pro d', /only letters, digits/],
    [`/app/key:${'x'.repeat(101)}`, /1 to 100 characters/],
    ['app/key:3', /must start with "\/"/],
    ['/app/key:1:2', /not valid/],
  ])('%s is a usage error', (input, message) => {
    expect(() => parseSelectedPath(input)).toThrow(UsageError)
    expect(() => parseSelectedPath(input)).toThrow(message)
  })

  it('round-trips through the name SSM takes', () => {
    for (const name of ['/a/b', '/a/b:7', '/a/b:prod'])
      expect(selectedName(parseSelectedPath(name))).toBe(name)
  })
})

describe('references with selectors', () => {
  it.each([
    [
      'ssm:/app/db/password:3',
      { store: 'ssm', path: '/app/db/password', selector: { kind: 'version', version: 3 } },
    ],
    [
      'ssm:/app/db/password:prod',
      { store: 'ssm', path: '/app/db/password', selector: { kind: 'label', label: 'prod' } },
    ],
    ['local:/app/key:2', { store: 'local', path: '/app/key', selector: { kind: 'version', version: 2 } }],
    ['local:/app/key', { store: 'local', path: '/app/key' }],
    ['plain value', undefined],
    ['s3:/bucket/key', undefined],
  ])('%s', (value, expected) => {
    expect(parseReference(value)).toEqual(expected)
  })
})

describe("labelProblem (SSM's label rules)", () => {
  it.each([
    ['prod', undefined],
    ['a'.repeat(100), undefined],
    ['release-2024.1_x', undefined],
    ['1prod', 'a label cannot start with a digit (that would be a version)'],
    ['aws-x', 'a label cannot start with "aws" or "ssm"'],
    ['ssm', 'a label cannot start with "aws" or "ssm"'],
    ['with/slash', 'a label has only letters, digits, ".", "-" and "_"'],
  ])('%s', (label, problem) => {
    expect(labelProblem(label)).toBe(problem)
  })
})

describe('selectionNotFound', () => {
  const version = (n: number, labels?: string[]) => ({
    path: '/app/k',
    value: 'v',
    version: n,
    lastModified: new Date(0),
    type: 'String' as const,
    ...(labels ? { labels } : {}),
  })
  const kept = Array.from({ length: 100 }, (_, i) => version(i + 105, i === 99 ? ['prod'] : undefined))
  it.each([
    [
      '/app/k:3',
      kept,
      /has no version 3 .*versions 105–204; labels prod→204\)\. The store keeps the last 100 versions: version 3 is no longer kept\./,
    ],
    [
      '/app/k:300',
      kept,
      /has no version 300 \(selector \/app\/k:300; it has versions 105–204; labels prod→204\)\.$/,
    ],
    [
      '/app/k:stage',
      [version(1), version(2), version(4)],
      /has no label "stage" .*versions 1–2, 4; no labels/,
    ],
    ['/app/k:2', [], /No parameter \/app\/k in the ssm store/],
  ])('%s', (input, versions, message) => {
    expect(selectionNotFound(parseSelectedPath(input), 'ssm', versions).message).toMatch(message)
  })
})
