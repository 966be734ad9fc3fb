import { hash as argonHash } from '@node-rs/argon2'
import { profileField, type PiiCipher } from '../core/crypto.ts'
import type { Db } from '../core/db.ts'
import { idCheckChar, maskIdNumber, maskPhone } from '../core/pii.ts'
import { seedDemoConsultations } from './demoConsultations.ts'
import { seedDemoElections } from './demoElections.ts'
import { seedDemoDisclosures } from './demoDisclosures.ts'
import { seedDemoReports } from './demoReports.ts'
import { seedDemoServices } from './demoServices.ts'

/** The password of every demo staff account (documented in README and docs/development.md). */
export const DEMO_STAFF_PASSWORD = 'Linli@2026'

/** Every account the demo data creates (the dev login accepts these and no others). */
export const DEMO_USERNAMES = [
  ...Array.from({ length: 20 }, (_, i) => `resident${i + 1}`),
  'grid1', 'grid2', 'grid3', 'grid4', 'leader1', 'committee1', 'street1', 'dept1', 'admin',
]

const RESIDENT_NAMES = [
  '张建国', '李秀英', '王志强', '刘桂兰', '陈海峰', '杨淑珍', '赵立新', '黄美玲', '周国平', '吴晓燕',
  '徐文斌', '孙佳怡', '马德胜', '朱丽娟', '胡振华', '郭静', '何永康', '林小雨', '高凤英', '罗子涵',
]
// Birth dates spread over the ages of a real community; resident12 (孙佳怡) is a minor: 14 in the
// year the demo data is loaded, whatever that year is.
const birthDates = (loadedAt: Date) => [
  '19490312', '19530708', '19580121', '19611230', '19650415', '19680909', '19720202', '19750617', '19790330', '19821111',
  '19850505', `${loadedAt.getUTCFullYear() - 14}0914`, '19880808', '19910101', '19930726', '19960418', '19990203', '20010619', '19450910', '20040101',
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
                latitude: (39.9 + ci * 0.01 + g * 0.002 + b * 0.0005).toFixed(6),
                longitude: (116.4 + ci * 0.01 + g * 0.002 + b * 0.0005).toFixed(6),
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
        const birth = birthDates(new Date())[i - 1]
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
            isDemo: true,
            roles: { create: { role: 'resident' } },
            consents: { create: { purpose: 'real_name', policyVersion: 'demo' } },
          },
        })
        // The ciphertexts are bound to the profile's row (its user id), so they are made after it.
        await tx.residentProfile.create({
          data: {
            userId: user.id,
            realName: name,
            idNumberCipher: cipher.seal(idNumber, profileField.idNumber(user.id)),
            idNumberHmac: cipher.lookupHash('id_number', idNumber),
            idNumberMasked: maskIdNumber(idNumber),
            gender: male ? 'male' : 'female',
            phoneCipher: cipher.seal(phone, profileField.phone(user.id)),
            phoneHmac: cipher.lookupHash('phone', phone),
            phoneMasked: maskPhone(phone),
            phoneSource: 'form',
            cipherKeyId: cipher.keyId,
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
          data: { username, displayName, passwordHash, isDemo: true, roles: { create: { role, scopeType, scopeId } } },
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
      await seedDemoNotices(tx, { streetId: street.id, communityIds, gridIds, authors: [staffIds.committee1, staffIds.street1] })
      await seedDemoReports(tx, { communityIds, gridIds, residentIds, staffIds, householdsOfFirstGrids: gridIds.slice(0, 4).map((g) => householdsByGrid.get(g)!) })
      await seedDemoServices(tx, { communityIds, residentIds, createdById: staffIds.committee1 })
      await seedDemoElections(tx, cipher, { communityIds, residentIds, committeeId: staffIds.committee1 })
      await seedDemoDisclosures(tx, { communityIds, residentIds, committeeId: staffIds.committee1 })
      await seedDemoConsultations(tx, { communityIds, residentIds, committeeId: staffIds.committee1 })
      return { streetId: street.id, communityIds, gridIds, residentIds, staffIds }
    },
    { timeout: 60_000 },
  )
}

type SeedTx = Parameters<Parameters<Db['$transaction']>[0]>[0]

/** A few notices as a community would have them, so the demo home page is not empty. */
async function seedDemoNotices(tx: SeedTx, ids: { streetId: number; communityIds: number[]; gridIds: number[]; authors: number[] }) {
  const day = 86400_000
  const now = Date.now()
  const notices: {
    community: number; author: number; title: string; body: string; category: 'notice' | 'activity' | 'policy' | 'outage'
    importance?: 'important'; daysAgo: number; pinnedDays?: number; grids?: number[]; expiresInDays?: number
  }[] = [
    {
      community: 0, author: 0, category: 'notice', daysAgo: 2, pinnedDays: 14,
      title: '青石社区党群服务中心冬季办公时间调整',
      body: '<p>自12月1日起，社区党群服务中心冬季办公时间调整为：周一至周五 8:30—12:00，13:30—17:30；周六上午 9:00—12:00 办理社保、老年优待证等业务。</p><p>居民可通过“邻里通”小程序“办事”栏目提前预约，按提示准备材料，争取一次办结。</p>',
    },
    {
      community: 0, author: 0, category: 'outage', importance: 'important', daysAgo: 0, grids: [0], expiresInDays: 3,
      title: '青石花园1、2号楼停水通知',
      body: '<p>因供水管网维修，青石花园1号楼、2号楼将于本周四 9:00—17:00 暂停供水，请住户提前储水。</p><p>如遇家中有行动不便的老人需要帮助送水，请联系网格员王芳。</p>',
    },
    {
      community: 0, author: 0, category: 'activity', daysAgo: 5, expiresInDays: 20,
      title: '“邻里守望”志愿服务队招募',
      body: '<p>社区“邻里守望”志愿服务队现招募志愿者，服务内容包括独居老人探访、楼道环境整治、周末课业辅导。</p><p>报名请到社区党群服务中心一楼服务台登记，或联系本网格网格员。</p>',
    },
    {
      community: 0, author: 0, category: 'policy', daysAgo: 12,
      title: '2027年度城乡居民医疗保险开始缴费',
      body: '<p>2027年度城乡居民基本医疗保险集中缴费期为即日起至12月31日。</p><ul><li>可通过微信“医保服务”或银行网点缴费；</li><li>低保、特困等困难群体由政府资助参保，请到社区核对名单。</li></ul>',
    },
    {
      community: 1, author: 1, category: 'notice', daysAgo: 1,
      title: '柳岸社区垃圾分类投放点调整',
      body: '<p>为方便居民投放，柳岸新村3号楼旁的垃圾分类投放点迁至小区北门东侧，定时投放时间不变（7:00—9:00，18:00—20:00）。</p>',
    },
  ]
  for (const n of notices) {
    const at = new Date(now - n.daysAgo * day - 3600_000)
    const communityId = ids.communityIds[n.community]
    const created = await tx.notice.create({
      data: {
        streetId: ids.streetId,
        communityId,
        authorId: ids.authors[n.author],
        title: n.title,
        bodyHtml: n.body,
        summary: n.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120),
        category: n.category,
        importance: n.importance ?? 'normal',
        targetType: n.grids ? 'grids' : 'community',
        status: 'published',
        publishAt: at,
        publishedAt: at,
        pinnedUntil: n.pinnedDays ? new Date(now + n.pinnedDays * day) : null,
        expiresAt: n.expiresInDays ? new Date(now + n.expiresInDays * day) : null,
      },
    })
    if (n.grids) await tx.noticeTarget.createMany({ data: n.grids.map((g) => ({ noticeId: created.id, gridId: ids.gridIds[g] })) })
  }
}
