/** A rendering thread for the certificate benchmark: renders the certificates it is given, reports when done. */
import { parentPort, workerData } from 'node:worker_threads'
import type { CertificateDoc } from '../src/modules/certificates/model'
import { renderCertificatePdf } from '../src/modules/certificates/pdf'

const jobs = workerData as { cert: CertificateDoc; url: string }[]

async function run() {
  // One render first so font loading is not counted, as in the sequential measure.
  await renderCertificatePdf(jobs[0]!.cert, jobs[0]!.url)
  parentPort!.postMessage({ ready: true })
  await new Promise<void>((resolve) => parentPort!.once('message', () => resolve()))
  let bytes = 0
  for (const job of jobs) bytes += (await renderCertificatePdf(job.cert, job.url)).length
  parentPort!.postMessage({ done: jobs.length, bytes })
}

void run()
