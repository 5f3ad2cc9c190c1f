import type { TestProject } from 'vitest/node'
import { startMoto, type MotoServer } from './moto.js'

declare module 'vitest' {
  export interface ProvidedContext {
    motoUrl: string
  }
}

let moto: MotoServer | undefined

/** One moto_server for the whole run, on a free loopback port; stopped by PID at the end. */
export async function setup(project: TestProject): Promise<void> {
  moto = await startMoto()
  project.provide('motoUrl', moto.url)
}

export async function teardown(): Promise<void> {
  await moto?.close()
}
