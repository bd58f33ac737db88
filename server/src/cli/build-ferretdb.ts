/**
 * Builds the embedded database (FerretDB, from its Go module) into the per-user cache, once per
 * machine. `npm start` and the tests do this on demand; CI runs it up front so its time shows.
 */
import pino from 'pino'
import { buildFerretdb, ferretdbBinaryPath } from '../db/embedded'

const log = pino({ level: 'info' })
buildFerretdb(log)
  .then((binary) => console.log(`FerretDB ready: ${binary}`))
  .catch((err: Error) => {
    console.error(`Could not build FerretDB into ${ferretdbBinaryPath()}: ${err.message}`)
    console.error('Install Go ≥ 1.24, or set MONGODB_URI to a MongoDB 6+ server.')
    process.exit(1)
  })
