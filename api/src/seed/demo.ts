import { hash as argonHash } from '@node-rs/argon2'
import type { PiiCipher } from '../core/crypto.ts'
import type { Db } from '../core/db.ts'
import { idCheckChar, maskIdNumber, maskPhone } from '../core/pii.ts'

/** The password of every demo staff account (documented in README and docs/development.md). */
export const DEMO_STAFF_PASSWORD = 'Linli@2026'

const RESIDENT_NAMES = [
  '张建国', '李秀英', '王志强', '刘桂兰', '陈海峰', '杨淑珍', '赵立新', '黄美玲', '周国平', '吴晓燕',
  '徐文斌', '孙佳怡', '马德胜', '朱丽娟', '胡振华', '郭静', '何永康', '林小雨', '高凤英', '罗子涵',
]
// Birth dates spread over the ages of a real community; resident12 (孙佳怡) is a minor.
const BIRTH_DATES = [
  '19490312', '19530708', '19580121', '19611230', '19650415', '19680909', '19720202', '19750617', '19790330', '19821111',
  '19850505', '20120914', '19880808', '19910101', '19930726', '19960418', '19990203', '20010619', '19450910', '20040101',
]

/** A valid 18-character ID number for a demo person (area 320102, 南京市玄武区). */
export function demoIdNumber(birth: string, seq: number, male: boolean): string {
  // The 17th digit is odd for men and even for women.
  const first17 = `320102${birth}${String(seq % 100).padStart(2, '0')}${male ? 1 : 2}`
  return first17 + idCheckChar(first17)
}

export type DemoSummary = {
  streetId: number
  communityIds: number[]
  gridIds: number[]
  residentIds: Record<string, number>
  staffIds: Record<string, number>
}

/**
 * Loads the demo data of PRODUCT.md §4 into an empty database: 南苑街道 with two communities
 * (four grids and two), buildings and households, residents 1–20 with real-name profiles and
 * approved household bindings (1–15 in the first community), grid workers 1–4 as primary
 * workers of the first community's grids, and leader1, committee1, street1, dept1, admin.
 */
export async function seedDemo(db: Db, cipher: PiiCipher, opts: { staffPassword?: string } = {}): Promise<DemoSummary> {
  const passwordHash = await argonHash(opts.staffPassword ?? DEMO_STAFF_PASSWORD)
  return db.$transaction(
    async (tx) => {
      const street = await tx.street.create({ data: { code: 'NY', name: '南苑街道' } })
      const departments = await Promise.all([
        tx.department.create({ data: { streetId: street.id, code: 'NY-CG', name: '城市管理中队' } }),
        tx.department.create({ data: { streetId: street.id, code: 'NY-WY', name: '物业服务中心' } }),
      ])
      const layout = [
        { code: 'NY-QS', name: '青石社区', address: '南苑街道青石路88号', grids: 4, estates: ['青石花园', '青石花园', '翠竹苑', '翠竹苑'] },
        { code: 'NY-LA', name: '柳岸社区', address: '南苑街道柳岸路16号', grids: 2, estates: ['柳岸新村', '柳岸新村'] },
      ]
      const ORDINALS = ['一', '二', '三', '四', '五', '六']
      const communityIds: number[] = []
      const gridIds: number[] = []
      const householdsByGrid = new Map<number, number[]>()
      let buildingNo = 0
      for (const [ci, c] of layout.entries()) {
        const community = await tx.community.create({ data: { streetId: street.id, code: c.code, name: c.name, address: c.address } })
        communityIds.push(community.id)
        for (let g = 0; g < c.grids; g++) {
          const grid = await tx.grid.create({
            data: {
              communityId: community.id,
              streetId: street.id,
              code: `${c.code}-${String(g + 1).padStart(2, '0')}`,
              name: `${c.name.replace('社区', '')}第${ORDINALS[g]}网格`,
              description: `${c.estates[g]}片区`,
            },
          })
          gridIds.push(grid.id)
          const hh: number[] = []
          for (let b = 0; b < 2; b++) {
            buildingNo++
            const building = await tx.building.create({
              data: {
                gridId: grid.id,
                communityId: community.id,
                streetId: street.id,
                estate: c.estates[g],
                name: `${buildingNo}号楼`,
                latitude: (32.05 + ci * 0.01 + g * 0.002 + b * 0.0005).toFixed(6),
                longitude: (118.78 + ci * 0.01 + g * 0.002 + b * 0.0005).toFixed(6),
              },
            })
            const rows = []
            for (let unit = 1; unit <= 2; unit++) {
              for (let floor = 1; floor <= 5; floor++) {
                for (let room = 1; room <= 2; room++) {
                  rows.push({
                    buildingId: building.id, gridId: grid.id, communityId: community.id, streetId: street.id,
                    unit: String(unit), room: `${floor}0${room}`,
                  })
                }
              }
            }
            await tx.household.createMany({ data: rows })
            const ids = await tx.household.findMany({ where: { buildingId: building.id }, select: { id: true }, orderBy: { id: 'asc' } })
            hh.push(...ids.map((h) => h.id))
          }
          householdsByGrid.set(grid.id, hh)
        }
      }

      const residentIds: Record<string, number> = {}
      for (let i = 1; i <= 20; i++) {
        const name = RESIDENT_NAMES[i - 1]
        const birth = BIRTH_DATES[i - 1]
        const male = i % 2 === 1
        const idNumber = demoIdNumber(birth, i, male)
        const phone = `1390000${String(1000 + i).slice(-4)}`
        // Residents 1–15 live in the first community's four grids, 16–20 in the second's two.
        const gridId = i <= 15 ? gridIds[(i - 1) % 4] : gridIds[4 + ((i - 16) % 2)]
        const households = householdsByGrid.get(gridId)!
        const householdId = households[Math.floor((i - 1) / 4) * 3]
        const user = await tx.user.create({
          data: {
            username: `resident${i}`,
            displayName: name,
            roles: { create: { role: 'resident' } },
            profile: {
              create: {
                realName: name,
                idNumberCipher: cipher.encrypt(idNumber),
                idNumberHmac: cipher.lookupHash('id_number', idNumber),
                idNumberMasked: maskIdNumber(idNumber),
                birthDate: new Date(`${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}T00:00:00Z`),
                gender: male ? 'male' : 'female',
                phoneCipher: cipher.encrypt(phone),
                phoneHmac: cipher.lookupHash('phone', phone),
                phoneMasked: maskPhone(phone),
                phoneSource: 'form',
              },
            },
            consents: { create: { purpose: 'real_name', policyVersion: 'demo' } },
          },
        })
        residentIds[`resident${i}`] = user.id
        const household = await tx.household.findUniqueOrThrow({ where: { id: householdId } })
        await tx.householdBinding.create({
          data: {
            userId: user.id,
            householdId,
            communityId: household.communityId,
            gridId: household.gridId,
            relation: i % 3 === 0 ? 'family' : i % 7 === 0 ? 'tenant' : 'owner',
            status: 'approved',
            activeFlag: true,
            reviewedAt: new Date(),
          },
        })
      }

      const staffIds: Record<string, number> = {}
      const staff = async (username: string, displayName: string, role: 'grid_worker' | 'grid_leader' | 'committee' | 'street' | 'dept' | 'admin', scopeType: 'none' | 'street' | 'community' | 'department' = 'none', scopeId = 0) => {
        const u = await tx.user.create({
          data: { username, displayName, passwordHash, roles: { create: { role, scopeType, scopeId } } },
        })
        staffIds[username] = u.id
        return u
      }
      const workerNames = ['王芳', '李强', '赵敏', '钱进']
      for (let g = 1; g <= 4; g++) {
        const u = await staff(`grid${g}`, `${workerNames[g - 1]}（网格员）`, 'grid_worker')
        await tx.gridAssignment.create({ data: { gridId: gridIds[g - 1], userId: u.id, kind: 'primary', primaryFlag: true } })
      }
      await staff('leader1', '孙建华（网格长）', 'grid_leader', 'community', communityIds[0])
      await staff('committee1', '周慧（青石社区居委会）', 'committee', 'community', communityIds[0])
      await staff('street1', '郑国强（南苑街道）', 'street', 'street', street.id)
      await staff('dept1', '冯涛（城市管理中队）', 'dept', 'department', departments[0].id)
      await staff('admin', '系统管理员', 'admin')
      return { streetId: street.id, communityIds, gridIds, residentIds, staffIds }
    },
    { timeout: 60_000 },
  )
}
