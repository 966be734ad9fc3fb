import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it } from 'vitest'
import { checklistKey, loadChecked } from './checklist'
import MaterialsChecklist from './MaterialsChecklist'
import { serviceDetail } from './testFixtures'

const materials = serviceDetail(5).materials

describe('materials checklist', () => {
  it('ticks materials, counts 已备齐 n/m, and keeps the ticks per service across visits', () => {
    const first = render(<MaterialsChecklist serviceId={5} materials={materials} />)
    expect(screen.getByText('已备齐 0/3')).toBeTruthy()
    expect(screen.getByText('一寸照片 ×2（白底）')).toBeTruthy()
    fireEvent.click(screen.getByText('身份证原件'))
    fireEvent.click(screen.getByText('一寸照片 ×2（白底）'))
    expect(screen.getByText('已备齐 2/3')).toBeTruthy()
    expect(document.getElementById('materials-item-0')!.getAttribute('aria-checked')).toBe('true')
    expect(Taro.getStorageSync(checklistKey(5))).toEqual(['身份证原件', '一寸照片'])
    first.unmount()

    // Another visit to the same service: the ticks are still there; another service starts empty.
    render(<MaterialsChecklist serviceId={5} materials={materials} />)
    expect(screen.getByText('已备齐 2/3')).toBeTruthy()
    fireEvent.click(screen.getByText('身份证原件'))
    expect(screen.getByText('已备齐 1/3')).toBeTruthy()
    expect(loadChecked(6, materials)).toEqual([])
  })

  it('forgets ticks of materials the service no longer asks for, and survives junk in storage', () => {
    Taro.setStorageSync(checklistKey(5), ['身份证原件', '旧材料', 3])
    expect(loadChecked(5, materials)).toEqual(['身份证原件'])
    Taro.setStorageSync(checklistKey(5), 'not a list')
    expect(loadChecked(5, materials)).toEqual([])
  })

  it('says when nothing needs bringing', () => {
    render(<MaterialsChecklist serviceId={5} materials={[]} />)
    expect(screen.getByText('无需携带材料。')).toBeTruthy()
  })
})
