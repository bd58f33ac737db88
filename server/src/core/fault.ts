/**
 * A named step in a multi-step write where a test may kill this process, to prove that a re-run
 * finishes (or undoes) what was left half-done. Inert unless QJT_FAULT_POINT names the step.
 */
export function faultPoint(name: string): void {
  if (process.env.QJT_FAULT_POINT === name) process.kill(process.pid, 'SIGKILL')
}
