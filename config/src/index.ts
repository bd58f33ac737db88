export { loadEnv, findRootDir, type Env, EnvError, type SigningKey } from './env'
