/** Build-time constants: the other platform's branch is removed from the bundle. */
export const isWeapp = process.env.TARO_ENV === 'weapp'
export const isH5 = process.env.TARO_ENV === 'h5'
