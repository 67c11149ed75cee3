// Types for linux-launcher.mjs (imported by test/linux-launcher.test.ts).
export function launcherScript(options: { en: string; zh: string; binary: string; sysctlDir?: string }): string
