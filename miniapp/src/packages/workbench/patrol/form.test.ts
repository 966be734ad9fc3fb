import { describe, expect, it } from 'vitest'
import { missingChoices, patrolFieldOf, toPatrolInput } from './form'

describe('巡查上报 form', () => {
  it('names each choice not made yet', () => {
    expect(missingChoices({ description: ' ', photoIds: [] })).toEqual({
      gridId: '请选择网格', categoryId: '请选择问题类别', location: '请选择问题位置', description: '请描述发现的问题',
    })
    expect(missingChoices({ gridId: 1, categoryId: 2, description: '井盖缺失', photoIds: [], place: { kind: 'building', buildingId: 3, label: '1栋' } })).toEqual({})
  })

  it('files a patrol report at a building, photos only when there are some', () => {
    const input = toPatrolInput({ gridId: 1, categoryId: 2, description: ' 井盖缺失 ', photoIds: [], place: { kind: 'building', buildingId: 3, label: '1栋' } })
    expect(input).toEqual({ categoryId: 2, description: '井盖缺失', photos: undefined, location: { buildingId: 3 }, patrol: true })
  })

  it('files a patrol report at a point on the map', () => {
    const input = toPatrolInput({
      gridId: 1, categoryId: 2, description: '井盖缺失', photoIds: [7, 8],
      place: { kind: 'point', lat: 39.9, lng: 116.4, address: '东门外', label: '东门外' },
    })
    expect(input).toMatchObject({ photos: [7, 8], location: { lat: 39.9, lng: 116.4, address: '东门外' }, patrol: true })
  })

  it('maps the API field names onto the form', () => {
    expect(patrolFieldOf('body.location.lat')).toBe('location')
    expect(patrolFieldOf('photos.2')).toBe('photos')
    expect(patrolFieldOf('description')).toBe('description')
    expect(patrolFieldOf('somethingElse')).toBeUndefined()
  })
})
