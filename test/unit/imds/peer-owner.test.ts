import { createServer, connect, type Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { addressKey, servedUids, socketOwner, tableEndpoint } from '../../../src/core/imds/peer-owner.js'

describe('peer owner lookup (/proc/net/tcp)', () => {
  it.each([
    ['0100007F:1F90', '127.0.0.1:8080'],
    ['FEA9FEA9:0050', '169.254.169.254:80'],
    ['00000000000000000000000001000000:0016', '0000:0000:0000:0000:0000:0000:0000:0001:22'],
    ['0000000000000000FFFF00000100007F:C350', '127.0.0.1:50000'],
  ])('reads the table address %s as %s', (field, endpoint) => {
    expect(tableEndpoint(field)).toBe(endpoint)
  })

  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::1', '0000:0000:0000:0000:0000:0000:0000:0001'],
    ['fe80::1:2', 'fe80:0000:0000:0000:0000:0000:0001:0002'],
  ])('spells Node address %s as %s', (address, key) => {
    expect(addressKey(address)).toBe(key)
  })

  it('serves its own uid, and the sudo caller when root', () => {
    expect([...servedUids({}, 1000)]).toEqual([1000])
    expect([...servedUids({ SUDO_UID: '1000' }, 1000)]).toEqual([1000])
    expect([...servedUids({ SUDO_UID: '1000' }, 0)]).toEqual([0, 1000])
  })

  it.skipIf(process.platform !== 'linux')('finds the uid of a real loopback client', async () => {
    const accepted = new Promise<Socket>((resolve) => {
      const server = createServer((socket) => {
        resolve(socket)
        server.close()
      })
      server.listen(0, '127.0.0.1', () => {
        const address = server.address()
        if (typeof address === 'object' && address) connect(address.port, '127.0.0.1')
      })
    })
    const socket = await accepted
    expect(await socketOwner(socket, { tcp: '/proc/net/tcp', tcp6: '/proc/net/tcp6' })).toBe(
      process.getuid?.(),
    )
    socket.destroy()
  })
})
