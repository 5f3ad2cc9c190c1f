import { fdOutput } from './fd-output.js'
/**
 * The one channel to the human: warnings, notices, progress and prompts. Core code never
 * writes to a stream itself; it returns data or calls this port, which commands pass in
 * like any other dependency (tests pass `recordingHumanOutput` or `silentHumanOutput`).
 * In production it draws on stderr, so stdout stays the command's result.
 */
export interface HumanOutput {
  /** Something the user should know that did not stop the command: `secrets: warning: …`. */
  warn(message: string): void
  /** Information for the human (a URL to open, "Signed in …"), printed as given, newline-terminated. */
  notice(message: string): void
  /** A transient status line (`scanning 120/5000`), redrawn in place on a terminal, dropped elsewhere. */
  progress(line: string): void
  /** Clears the progress line, if one is shown. */
  endProgress(): void
  /** Prompts, or undefined when no human can answer (stdin or stderr is not a terminal). */
  readonly prompt: Prompter | undefined
}

/** Questions to the human at the terminal; answers never echo when they are secret. */
export interface Prompter {
  /** A secret answer, not echoed. */
  secret(message: string): Promise<string>
  /** A plain one-line answer. */
  text(message: string): Promise<string>
  /** A searchable list: `source` returns the choices that match what has been typed. */
  choose<T>(
    message: string,
    source: (term: string | undefined) => Promise<Array<{ name: string; value: T }>>,
    pageSize?: number,
  ): Promise<T>
}

/**
 * The prompts' look: an answered prompt gets a neutral mark, never inquirer's green ✔, which
 * read as success above "Wrong passphrase" (the answer was received, not yet accepted).
 */
export const PROMPT_THEME = { prefix: { idle: '?', done: '›' } }

/** Formats a warning line exactly as every command prints one. */
export function warningLine(message: string): string {
  return `secrets: warning: ${message}\n`
}

/**
 * The production port: stderr, with prompts when stdin and stderr are terminals. Lines go to
 * fd 2 directly until something needs the stream (src/shared/fd-output.ts); `process.stdin`
 * is created only when a prompt is asked for: each stream costs milliseconds to create, and
 * most commands that hold a port write a line at most.
 */
export function terminalHumanOutput(): HumanOutput {
  const stderr = fdOutput('stderr')
  let progressShown = false
  let prompter: Prompter | undefined
  let promptLookedUp = false
  const prompterFor = (output: NodeJS.WriteStream): Prompter => ({
    async secret(message) {
      const { password } = await import('@inquirer/prompts')
      return password({ message, mask: false, theme: PROMPT_THEME }, { output })
    },
    async text(message) {
      const { input } = await import('@inquirer/prompts')
      return input({ message, theme: PROMPT_THEME }, { output })
    },
    async choose(message, source, pageSize = 12) {
      const { search } = await import('@inquirer/prompts')
      return search({ message, pageSize, source, theme: PROMPT_THEME }, { output })
    },
  })
  return {
    warn: (message) => stderr.write(warningLine(message)),
    notice: (message) => stderr.write(message.endsWith('\n') ? message : `${message}\n`),
    progress(line) {
      if (!stderr.isTerminal()) return
      progressShown = true
      stderr.write(`\r${line}`)
    },
    endProgress() {
      if (progressShown) stderr.write('\r\u001B[K')
      progressShown = false
    },
    get prompt() {
      if (!promptLookedUp) {
        promptLookedUp = true
        const output = stderr.stream()
        if (process.stdin.isTTY && output.isTTY) prompter = prompterFor(output)
      }
      return prompter
    },
  }
}

/** A port that drops everything and cannot prompt (library use, background work). */
export function silentHumanOutput(): HumanOutput {
  return { warn: () => {}, notice: () => {}, progress: () => {}, endProgress: () => {}, prompt: undefined }
}

/** A port that keeps what it was told, for tests and for callers that report later. */
export function recordingHumanOutput(
  prompt?: Prompter,
): HumanOutput & { warnings: string[]; notices: string[] } {
  const warnings: string[] = []
  const notices: string[] = []
  return {
    warnings,
    notices,
    warn: (message) => void warnings.push(message),
    notice: (message) => void notices.push(message),
    progress: () => {},
    endProgress: () => {},
    prompt,
  }
}

/** The same port with prompts taken away, for commands that must never ask (credential_process). */
export function withoutPrompts(human: HumanOutput): HumanOutput {
  return {
    warn: (message) => human.warn(message),
    notice: (message) => human.notice(message),
    progress: (line) => human.progress(line),
    endProgress: () => human.endProgress(),
    prompt: undefined,
  }
}
