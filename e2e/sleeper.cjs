// The process the end-to-end specs start and stop: a Node program that sleeps,
// the same on every system (there is no `sleep` on Windows). Seconds in argv[2].
// With "spin" in argv[3] it keeps one core busy instead, for as long; any
// further argument is a tag that only lets a spec find its own processes.
const seconds = Number(process.argv[2] ?? 300)
if (process.argv[3] === 'spin') {
  const end = Date.now() + seconds * 1000
  const spin = () => {
    // Busy in slices, so a SIGTERM is handled between them.
    const until = Math.min(end, Date.now() + 50)
    while (Date.now() < until);
    if (Date.now() < end) setImmediate(spin)
  }
  spin()
} else {
  setTimeout(() => {}, seconds * 1000)
}
