import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { OrgRegisterSchema, USCC_ALPHABET, USCC_MESSAGES, usccProblem, type MeView } from '@qjt/shared'
import { useEffect, useRef, useState } from 'react'
import FormField from '@/components/FormField'
import PageContainer from '@/components/PageContainer'
import RegionPicker, { type RegionChoice } from '@/components/RegionPicker'
import { ROUTES } from '@/constants/routes'
import { useZodForm, type FieldName, type FormValues } from '@/hooks/useZodForm'
import { registerOrg } from '@/services/api/orgs'
import { ApiError, errorMessage } from '@/services/errors'
import { refreshMe, useSession } from '@/services/session'
import { toast } from '@/utils/feedback'
import { go, replace } from '@/utils/nav'
import { isH5 } from '@/utils/platform'
import { readStorage, removeStorage, STORAGE_KEYS, writeStorage } from '@/utils/storage'
import './index.scss'

type Schema = typeof OrgRegisterSchema
type Field = FieldName<Schema>

interface Draft {
  values: FormValues<Schema>
  regionNames: string[]
}

const EMPTY: FormValues<Schema> = { name: '', uscc: '', regionCode: '', address: '', contactName: '', contactPhone: '' }

/** Field order, for scrolling to the first problem. */
const ORDER: Field[] = ['name', 'uscc', 'regionCode', 'address', 'contactName', 'contactPhone']

function loadDraft(): Draft {
  const d = readStorage<Draft>(STORAGE_KEYS.registerDraft)
  return { values: { ...EMPTY, ...(d?.values ?? {}) }, regionNames: d?.regionNames ?? [] }
}

/**
 * Checks the credit code while it is typed: a wrong character at once, the length and the check
 * character once all 18 are there (before that, "too short" would only nag).
 */
function usccWhileTyping(raw: string): string | null {
  const code = raw.trim().toUpperCase()
  if (!code) return null
  if (![...code].every((c) => USCC_ALPHABET.includes(c))) return USCC_MESSAGES.charset
  if (code.length > 18) return USCC_MESSAGES.length
  if (code.length === 18) {
    const problem = usccProblem(code)
    return problem ? USCC_MESSAGES[problem] : null
  }
  return null
}

function AlreadyInOrg({ me }: { me: MeView }) {
  return (
    <View className='qjt-card' id='register-already'>
      <Text className='register__title'>你已属于一个单位</Text>
      <Text className='qjt-muted register__text'>你已是“{me.org?.name}”的成员，一个微信账号只能属于一个单位。</Text>
      <Button className='qjt-btn' id='register-go-mine' onClick={() => replace(ROUTES.mine)}>
        查看我的单位
      </Button>
    </View>
  )
}

function RegisterForm({ me }: { me: MeView }) {
  const initial = useRef(loadDraft()).current
  const form = useZodForm(OrgRegisterSchema, {
    ...initial.values,
    contactPhone: initial.values.contactPhone || me.phone || '',
  })
  const [regionNames, setRegionNames] = useState<string[]>(initial.regionNames)
  const [submitting, setSubmitting] = useState(false)
  const { values, errors } = form

  // Every keystroke is kept, so a slip of the back button loses nothing.
  useEffect(() => {
    writeStorage(STORAGE_KEYS.registerDraft, { values, regionNames } satisfies Draft)
  }, [values, regionNames])

  const scrollTo = (field: Field) => {
    void Taro.pageScrollTo({ selector: `#reg-${field}-field`, duration: 200, offsetTop: -16 }).catch(() => undefined)
  }

  const text = (name: Field, value: string) => form.setValue(name, value)

  const submit = async () => {
    if (submitting) return
    const input = form.validateAll()
    if (!input) {
      const result = OrgRegisterSchema.safeParse(values)
      const first = ORDER.find((f) => !result.success && result.error.issues.some((i) => i.path[0] === f))
      if (first) scrollTo(first)
      toast('请按红字提示修改')
      return
    }
    setSubmitting(true)
    try {
      const org = await registerOrg(input, { toast: false })
      removeStorage(STORAGE_KEYS.registerDraft)
      await refreshMe().catch(() => undefined)
      toast(`“${org.name}”注册成功`, 'success')
      setTimeout(() => replace(ROUTES.mine), 800)
    } catch (err) {
      if (err instanceof ApiError && err.details.length && form.applyServerErrors(err.details)) {
        const first = ORDER.find((f) => err.details.some((d) => d.path.split('.')[0] === f))
        if (first) scrollTo(first)
        toast('请按红字提示修改')
      } else if (err instanceof ApiError && err.code === 'ALREADY_IN_ORG') {
        await refreshMe().catch(() => undefined)
        toast(err.message)
      } else {
        toast(errorMessage(err))
      }
    } finally {
      setSubmitting(false)
    }
  }

  const region: RegionChoice | null = values.regionCode ? { code: values.regionCode, names: regionNames } : null

  return (
    <PageContainer id='register'
      className='register'
      footer={
        <Button className='qjt-btn' id='register-submit' disabled={submitting} onClick={() => void submit()}>
          {submitting ? '正在提交…' : '提交注册'}
        </Button>
      }
    >
      <View className='qjt-card'>
        <Text className='qjt-muted register__text'>
          注册后你将成为本单位的管理员，可以邀请同事加入。带 <Text className='register__star'>*</Text> 的为必填项。
        </Text>

        <FormField label='单位名称' required error={errors.name} id='reg-name' hint='与营业执照或门头一致，例如：某某市场张三电子秤摊位'>
          <Input
            className='qjt-input'
            id='reg-name-input'
            value={values.name}
            maxlength={100}
            placeholder='请输入单位名称'
            placeholderClass='qjt-input-placeholder'
            onInput={(e) => text('name', e.detail.value)}
            onBlur={() => form.touch('name')}
          />
        </FormField>

        <FormField
          label='统一社会信用代码'
          error={errors.uscc}
          id='reg-uscc'
          hint={
            values.uscc.trim().length === 18 && !errors.uscc
              ? '✓ 代码校验通过'
              : '18位，见营业执照。无统一社会信用代码的个体经营者可不填'
          }
        >
          <Input
            className='qjt-input register__uscc'
            id='reg-uscc-input'
            value={values.uscc}
            maxlength={18}
            placeholder='例如 91340621748912632N'
            placeholderClass='qjt-input-placeholder'
            onInput={(e) => {
              const upper = e.detail.value.toUpperCase()
              form.setValue('uscc', upper)
              form.setError('uscc', usccWhileTyping(upper))
            }}
            onBlur={() => form.touch('uscc')}
          />
        </FormField>

        <FormField label='所在区县' required error={errors.regionCode} id='reg-regionCode' hint='器具使用地所在的区县，决定由哪家检定机构为你服务'>
          <RegionPicker
            id='reg-region'
            value={region}
            onChange={(choice) => {
              setRegionNames(choice.names)
              form.setValue('regionCode', choice.code)
              form.setError('regionCode', null)
            }}
            onClose={() => {
              if (!values.regionCode) form.touch('regionCode')
            }}
          />
        </FormField>

        <FormField label='详细地址' required error={errors.address} id='reg-address' hint='街道、门牌号，或市场名称和摊位号'>
          <Input
            className='qjt-input'
            id='reg-address-input'
            value={values.address}
            maxlength={200}
            placeholder='请输入详细地址'
            placeholderClass='qjt-input-placeholder'
            onInput={(e) => text('address', e.detail.value)}
            onBlur={() => form.touch('address')}
          />
        </FormField>

        <FormField label='联系人' required error={errors.contactName} id='reg-contactName'>
          <Input
            className='qjt-input'
            id='reg-contactName-input'
            value={values.contactName}
            maxlength={30}
            placeholder='请输入联系人姓名'
            placeholderClass='qjt-input-placeholder'
            onInput={(e) => text('contactName', e.detail.value)}
            onBlur={() => form.touch('contactName')}
          />
        </FormField>

        <FormField label='联系电话' required error={errors.contactPhone} id='reg-contactPhone' hint='11位手机号，检定机构会用它联系你'>
          <Input
            className='qjt-input'
            id='reg-contactPhone-input'
            // A phone keypad on both platforms; H5 knows "tel", the mini-program "number".
            type={(isH5 ? 'tel' : 'number') as 'number'}
            value={values.contactPhone}
            maxlength={11}
            placeholder='请输入手机号'
            placeholderClass='qjt-input-placeholder'
            onInput={(e) => text('contactPhone', e.detail.value.replace(/\D/g, ''))}
            onBlur={() => form.touch('contactPhone')}
          />
        </FormField>
      </View>
      <View className='register__alt'>
        <Text className='qjt-muted'>同事已经注册过单位？</Text>
        <Text className='qjt-link' id='register-go-join' onClick={() => go(ROUTES.join)}>
          用邀请码加入
        </Text>
      </View>
    </PageContainer>
  )
}

export default function RegisterPage() {
  const { status, me } = useSession()
  if (status === 'signed_in' && me) {
    if (me.org)
      return (
        <PageContainer id='register'>
          <AlreadyInOrg me={me} />
        </PageContainer>
      )
    return <RegisterForm me={me} />
  }
  return <PageContainer id='register' requireLogin />
}
