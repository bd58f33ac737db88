export { loadEnv, findRootDir, type Env, EnvError } from './env'
