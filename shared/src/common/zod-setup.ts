import { z } from 'zod'

// Messages we do not write ourselves (a wrong type, an unknown key) still reach users in Chinese.
z.config(z.locales.zhCN())
