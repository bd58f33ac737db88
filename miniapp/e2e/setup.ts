// Browser stories drive a real page through many steps; each step has its own playwright timeout.
jest.setTimeout(120_000)
