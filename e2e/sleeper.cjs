// The process the end-to-end specs start and stop: a Node program that sleeps,
// the same on every system (there is no `sleep` on Windows). Seconds in argv[2].
setTimeout(() => {}, Number(process.argv[2] ?? 300) * 1000)
