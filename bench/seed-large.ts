// `npm run seed:large [-- --households 100000 …]`: builds the benchmark data set in its own
// database (dropped and recreated every run). Region rows are built here and inserted in batches;
// the big tables are filled by set-based SQL (INSERT … SELECT over MariaDB's seq_0_to_N tables),
// with CRC32 of the row number as a deterministic "random" source, so two runs give the same data.
import { hash as argonHash } from '@node-rs/argon2'
import mysql from 'mysql2/promise'
import { ensureDatabase, migrate } from '../api/src/core/migrate.ts'
import { parseDatabaseUrl } from '../api/src/core/db.ts'
import { PiiCipher, profileField } from '../api/src/core/crypto.ts'
import { idCheckChar, maskIdNumber, maskPhone } from '../api/src/core/pii.ts'
import { DEMO_STAFF_PASSWORD } from '../api/src/seed/demo.ts'
import { seedReports } from './seed-reports.ts'
import { assertBenchName, benchApiEnv, benchDatabaseUrl, DEFAULT_BENCH_DB, ms, parseFlags } from './common.ts'

const flags = parseFlags(
  {
    db: { default: DEFAULT_BENCH_DB, help: 'database to (re)create; must contain "bench" unless --force' },
    communities: { default: 20, help: 'communities in the one street' },
    grids: { default: 400, help: 'grids, spread evenly over the communities' },
    households: { default: 100_000, help: 'households (~25 per building)' },
    residents: { default: 200_000, help: 'residents, 1–3 per household, each with an approved binding' },
    notices: { default: 20_000, help: 'notices over the last two years' },
    reports: { default: 1_000_000, help: 'problem reports over the last two years, with timelines (0: only categories and calendar)' },
    profiles: { default: true, help: 'write encrypted real-name profiles for every resident (--no-profiles skips)' },
    force: { default: false, help: 'allow a database name without "bench"' },
  },
  process.argv.slice(2),
  'Usage: npm run seed:large -- [flags]',
)

const C = Math.floor(flags.communities)
const G = Math.floor(flags.grids)
const H = Math.floor(flags.households)
const R = Math.floor(flags.residents)
const N = Math.floor(flags.notices)
if (C < 1 || G < C || H < G || R < 1 || N < 1) {
  console.error('need communities ≥ 1, grids ≥ communities, households ≥ grids, residents ≥ 1, notices ≥ 1')
  process.exit(2)
}
assertBenchName(flags.db, flags.force)
const url = benchDatabaseUrl(flags.db)
const target = parseDatabaseUrl(url)
const HOUSEHOLDS_PER_BUILDING = 25
const B = Math.max(G, Math.round(H / HOUSEHOLDS_PER_BUILDING))
/** The largest seq table we touch; MariaDB makes them on demand. */
const seqTo = (n: number) => `seq_0_to_${Math.max(0, Math.ceil(n) - 1)}`

// ---------------------------------------------------------------------------------------------
// Names. Everything is a plain function of the row number, so SQL and JS agree where both need it.
const COMMUNITY_NAMES = [
  '青石', '柳岸', '桂园', '梅林', '枫桥', '荷塘', '竹溪', '松鹤', '兰亭', '杏花', '桃源', '芙蓉', '丹桂', '翠湖',
  '玉泉', '紫荆', '银杏', '海棠', '锦绣', '星河', '朝阳', '明珠', '春晖', '望江', '静安', '和平', '幸福', '光明',
]
const ESTATE_HEADS = [
  '阳光', '锦华', '明月', '金色', '绿城', '碧水', '香樟', '东方', '世纪', '滨江', '恒大', '万科', '御景', '华府',
  '龙湖', '碧桂', '新城', '凤凰', '天鹅', '长江', '书香', '水岸', '翡翠', '和谐',
]
const ESTATE_TAILS = ['花园', '新村', '家园', '雅苑', '小区', '公寓', '名邸', '府', '里', '华庭']
const SURNAMES = Array.from('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈')
const GIVEN = [
  '建国', '秀英', '志强', '桂兰', '海峰', '淑珍', '立新', '美玲', '国平', '晓燕', '文斌', '佳怡', '德胜', '丽娟', '振华',
  '静', '永康', '小雨', '凤英', '子涵', '伟', '芳', '敏', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰',
  '霞', '平', '刚', '桂英', '玉兰', '浩然', '欣怡', '梓萱', '宇轩', '一诺', '思远', '雨桐', '俊杰', '嘉怡', '子轩', '梦瑶',
  '建华', '红梅', '春生', '秋菊', '晓明', '丽华', '志刚', '玉珍', '国庆', '爱民', '卫东',
]
const DIGITS = '零一二三四五六七八九'
function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`
  return String(n)
}
const communityName = (i: number) =>
  `${COMMUNITY_NAMES[i % COMMUNITY_NAMES.length]}${i >= COMMUNITY_NAMES.length ? chineseNumber(Math.floor(i / COMMUNITY_NAMES.length) + 1) : ''}社区`
/** Grid i's estate; distinct within any 240 consecutive grids, so within a community. */
const estateName = (i: number) =>
  `${ESTATE_HEADS[i % ESTATE_HEADS.length]}${ESTATE_TAILS[(i * 7 + Math.floor(i / ESTATE_HEADS.length)) % ESTATE_TAILS.length]}${i >= ESTATE_HEADS.length * ESTATE_TAILS.length ? Math.floor(i / (ESTATE_HEADS.length * ESTATE_TAILS.length)) + 1 + '期' : ''}`
const personName = (n: number) =>
  `${SURNAMES[n % SURNAMES.length]}${GIVEN[(n * 31 + Math.floor(n / SURNAMES.length)) % GIVEN.length]}`
const sqlList = (xs: string[]) => xs.map((x) => mysql.escape(x)).join(', ')
/** `personName` in SQL, for a numeric expression. */
const personNameSql = (e: string) =>
  `CONCAT(ELT(1 + (${e}) % ${SURNAMES.length}, ${sqlList(SURNAMES)}), ELT(1 + ((${e}) * 31 + (${e}) DIV ${SURNAMES.length}) % ${GIVEN.length}, ${sqlList(GIVEN)}))`

// ---------------------------------------------------------------------------------------------

const timings: [string, string][] = []
async function step<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now()
  process.stdout.write(`  ${label} … `)
  const out = await fn()
  const took = ms(t0)
  process.stdout.write(`${took}\n`)
  timings.push([label, took])
  return out
}

const tAll = performance.now()
console.log(`seed:large → ${target.database} on ${target.host}:${target.port}`)
console.log(`  ${C} communities, ${G} grids, ${B} buildings, ${H} households, ${R} residents, ${N} notices${flags.profiles ? '' : ' (no profiles)'}`)

const admin = await mysql.createConnection({ host: target.host, port: target.port, user: target.user, password: target.password })
await step('drop and create database', async () => {
  await admin.query(`DROP DATABASE IF EXISTS \`${target.database}\``)
  await admin.end()
  await ensureDatabase(url)
})
await step('apply migrations', () => migrate(url))

const conn = await mysql.createConnection({
  host: target.host,
  port: target.port,
  user: target.user,
  password: target.password,
  database: target.database,
  timezone: 'Z',
  charset: 'utf8mb4_unicode_ci',
})
await conn.query("SET time_zone = '+00:00', foreign_key_checks = 0, unique_checks = 0")
const q = (sql: string, params?: unknown[]) => conn.query(sql, params as never)

/** Multi-row INSERT in chunks (mysql2 expands `VALUES ?` from nested arrays). */
async function insertRows(table: string, cols: string[], rows: unknown[][], chunk = 2000) {
  for (let i = 0; i < rows.length; i += chunk) {
    await q(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ?`, [rows.slice(i, i + chunk)])
  }
}

// Staff user ids come after the residents: committee c → R + c, grid worker g → R + C + g.
const committeeId = (c: number) => R + c
const gridWorkerId = (g: number) => R + C + g
const streetOfficerId = R + C + G + 1

// Community → its grid and building id ranges (ids are assigned explicitly, contiguously).
const communityOfGrid = (g0: number) => Math.floor((g0 * C) / G)
const gridOfBuilding = (b0: number) => Math.floor((b0 * G) / B)
const stats = Array.from({ length: C }, () => ({ g0: Infinity, gn: 0, b0: Infinity, bn: 0 }))

const maxPerBuilding = await step(`regions: 1 street, ${C} communities, ${G} grids, ${B} buildings`, async () => {
  await q("INSERT INTO streets (id, code, name) VALUES (1, 'BENCH', '南苑街道')")
  await q("INSERT INTO departments (street_id, code, name) VALUES (1, 'BENCH-CG', '城市管理中队'), (1, 'BENCH-WY', '物业服务中心')")
  await insertRows(
    'communities',
    ['id', 'street_id', 'code', 'name', 'address'],
    Array.from({ length: C }, (_, i) => [i + 1, 1, `C${String(i + 1).padStart(3, '0')}`, communityName(i), `南苑街道${communityName(i).replace('社区', '')}路${8 + i * 6}号`]),
  )
  const gridRows: unknown[][] = []
  let ordinal = 0
  for (let g0 = 0; g0 < G; g0++) {
    const c0 = communityOfGrid(g0)
    ordinal = g0 > 0 && communityOfGrid(g0 - 1) === c0 ? ordinal + 1 : 1
    stats[c0].g0 = Math.min(stats[c0].g0, g0 + 1)
    stats[c0].gn++
    gridRows.push([g0 + 1, c0 + 1, 1, `C${String(c0 + 1).padStart(3, '0')}-G${String(ordinal).padStart(3, '0')}`,
      `${communityName(c0).replace('社区', '')}第${chineseNumber(ordinal)}网格`, `${estateName(g0)}片区`])
  }
  await insertRows('grids', ['id', 'community_id', 'street_id', 'code', 'name', 'description'], gridRows)

  // ~25 households per building, ±2 so buildings differ a little.
  const jitter = (b0: number) => (b0 === 0 || b0 === B || H / B < 10 ? 0 : ((b0 * 2654435761) >>> 0) % 5 - 2)
  const start = (b0: number) => Math.floor((b0 * H) / B) + jitter(b0)
  const buildingRows: unknown[][] = []
  const hhRows: unknown[][] = []
  let nth = 0
  for (let b0 = 0; b0 < B; b0++) {
    const g0 = gridOfBuilding(b0)
    const c0 = communityOfGrid(g0)
    nth = b0 > 0 && gridOfBuilding(b0 - 1) === g0 ? nth + 1 : 1
    stats[c0].b0 = Math.min(stats[c0].b0, b0 + 1)
    stats[c0].bn++
    buildingRows.push([b0 + 1, g0 + 1, c0 + 1, 1, estateName(g0), `${nth}号楼`,
      (32.0 + (c0 % 5) * 0.012 + (g0 % 7) * 0.0017 + nth * 0.0002).toFixed(6),
      (118.75 + Math.floor(c0 / 5) * 0.012 + (g0 % 5) * 0.0019 + nth * 0.0002).toFixed(6)])
    hhRows.push([b0 + 1, g0 + 1, c0 + 1, start(b0), start(b0 + 1) - start(b0)])
  }
  await insertRows('buildings', ['id', 'grid_id', 'community_id', 'street_id', 'estate', 'name', 'latitude', 'longitude'], buildingRows)
  await q('CREATE TEMPORARY TABLE tmp_bh (building_id INT PRIMARY KEY, grid_id INT, community_id INT, h_start INT, h_count INT)')
  await insertRows('tmp_bh', ['building_id', 'grid_id', 'community_id', 'h_start', 'h_count'], hhRows)
  await q('CREATE TEMPORARY TABLE tmp_cs (community_id INT PRIMARY KEY, g0 INT, gn INT, b0 INT, bn INT)')
  await insertRows('tmp_cs', ['community_id', 'g0', 'gn', 'b0', 'bn'], stats.map((s, i) => [i + 1, s.g0, s.gn, s.b0, s.bn]))
  return Math.max(...hhRows.map((r) => r[4] as number))
})
await step(`households: ${H}`, () =>
  // Two units per building, two flats per floor: k → unit k%2+1, room <floor>0<1|2>.
  q(`INSERT INTO households (id, building_id, grid_id, community_id, street_id, unit, room, created_at)
     SELECT b.h_start + s.seq + 1, b.building_id, b.grid_id, b.community_id, 1,
            CONCAT(s.seq % 2 + 1), CONCAT(s.seq DIV 4 + 1, '0', (s.seq DIV 2) % 2 + 1),
            UTC_TIMESTAMP(3) - INTERVAL 900 DAY
     FROM tmp_bh b JOIN ${seqTo(maxPerBuilding)} s ON s.seq < b.h_count
     ORDER BY 1`),
)

await step(`residents: ${R} users, roles, approved bindings`, async () => {
  // Household h0 (0-based) holds residents [cum(h0), cum(h0+1)), cum(h0) = ⌊h0·R/H⌋ + a 0/1 wobble,
  // so households have 1–3 residents (at R = 2H) and the total is exactly R.
  const wobble = (e: string) => (R >= 2 * H ? `IF((${e}) = 0 OR (${e}) = ${H}, 0, CRC32(${e}) & 1)` : '0')
  const cum = (e: string) => `((${e}) * ${R} DIV ${H} + ${wobble(e)})`
  const maxPer = Math.ceil(R / H) + 2
  await q('CREATE TEMPORARY TABLE tmp_res (user_id INT PRIMARY KEY, household_id INT NOT NULL, k INT NOT NULL)')
  await q(`INSERT INTO tmp_res (user_id, household_id, k)
           SELECT ${cum('h.id - 1')} + s.seq + 1, h.id, s.seq
           FROM households h JOIN ${seqTo(maxPer)} s ON s.seq < ${cum('h.id')} - ${cum('h.id - 1')}`)
  await q(`INSERT INTO users (id, username, display_name, status, last_login_at, created_at, updated_at)
           SELECT r.user_id, CONCAT('r', r.user_id), ${personNameSql('r.user_id')}, 'active',
                  UTC_TIMESTAMP(3) - INTERVAL (CRC32(CONCAT('l', r.user_id)) % 2592000) SECOND,
                  UTC_TIMESTAMP(3) - INTERVAL (800 - r.user_id % 700) DAY, UTC_TIMESTAMP(3) - INTERVAL (r.user_id % 90) DAY
           FROM tmp_res r`)
  await q(`INSERT INTO user_roles (user_id, role, scope_type, scope_id) SELECT user_id, 'resident', 'none', 0 FROM tmp_res`)
  await q(`INSERT INTO household_bindings (user_id, household_id, community_id, grid_id, relation, status, active_flag,
             reviewer_id, reviewed_at, created_at, updated_at)
           SELECT r.user_id, r.household_id, h.community_id, h.grid_id,
                  CASE WHEN r.k = 0 THEN 'owner' WHEN CRC32(CONCAT('t', r.user_id)) % 10 = 0 THEN 'tenant' ELSE 'family' END,
                  'approved', 1, ${R + C} + h.grid_id,
                  UTC_TIMESTAMP(3) - INTERVAL (r.user_id % 700) DAY, UTC_TIMESTAMP(3) - INTERVAL (r.user_id % 700 + 1) DAY,
                  UTC_TIMESTAMP(3) - INTERVAL (r.user_id % 700) DAY
           FROM tmp_res r JOIN households h ON h.id = r.household_id`)
  const [[row]] = (await q('SELECT COUNT(*) AS n FROM tmp_res')) as unknown as [[{ n: number }]]
  if (Number(row.n) !== R) throw new Error(`expected ${R} residents, made ${row.n}`)
})

await step(`staff: ${C} committee, ${G} grid workers (primary), 1 street officer`, async () => {
  const passwordHash = await argonHash(DEMO_STAFF_PASSWORD)
  const rows: unknown[][] = []
  for (let c = 1; c <= C; c++) rows.push([committeeId(c), `committee${c}`, `${personName(c * 7)}（${communityName(c - 1)}居委会）`, passwordHash])
  for (let g = 1; g <= G; g++) rows.push([gridWorkerId(g), `grid${g}`, `${personName(g * 13 + 5)}（网格员）`, passwordHash])
  rows.push([streetOfficerId, 'street1', `${personName(3)}（南苑街道）`, passwordHash])
  await insertRows('users', ['id', 'username', 'display_name', 'password_hash', 'created_at', 'updated_at'],
    rows.map((r) => [...r, new Date(Date.now() - 900 * 86400_000), new Date()]))
  await insertRows('user_roles', ['user_id', 'role', 'scope_type', 'scope_id'], [
    ...Array.from({ length: C }, (_, i) => [committeeId(i + 1), 'committee', 'community', i + 1]),
    ...Array.from({ length: G }, (_, i) => [gridWorkerId(i + 1), 'grid_worker', 'none', 0]),
    [streetOfficerId, 'street', 'street', 1],
  ])
  await insertRows('grid_assignments', ['grid_id', 'user_id', 'kind', 'primary_flag'],
    Array.from({ length: G }, (_, i) => [i + 1, gridWorkerId(i + 1), 'primary', 1]))
})

if (flags.profiles) {
  await step(`real-name profiles: ${R} (AES-256-GCM + HMAC, bench keys) and consents`, async () => {
    const env = benchApiEnv(url, 1)
    const cipher = new PiiCipher(Buffer.from(env.DATA_ENCRYPTION_KEY, 'base64'), Buffer.from(env.DATA_HMAC_KEY, 'base64'))
    const DAYS = 29_000 // birth dates over ~80 years from 1940
    const epoch = Date.UTC(1940, 0, 1)
    const cols = ['user_id', 'real_name', 'id_number_cipher', 'id_number_hmac', 'id_number_masked', 'gender',
      'phone_cipher', 'phone_hmac', 'phone_masked', 'phone_source', 'cipher_key_id', 'created_at', 'updated_at']
    const now = new Date()
    let rows: unknown[][] = []
    for (let n = 1; n <= R; n++) {
      // (n·7919 mod DAYS, ⌊n/DAYS⌋) is a distinct pair for every n, so ID numbers never repeat.
      const birth = new Date(epoch + ((n * 7919) % DAYS) * 86400_000)
      const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '')
      const male = n % 2 === 1
      const first17 = `320102${ymd}${String(Math.floor(n / DAYS) % 100).padStart(2, '0')}${male ? 1 : 2}`
      const idNumber = first17 + idCheckChar(first17)
      const phone = `13${3 + (n % 7)}${String(n).padStart(8, '0')}`
      rows.push([n, personName(n), cipher.seal(idNumber, profileField.idNumber(n)), cipher.lookupHash('id_number', idNumber), maskIdNumber(idNumber),
        male ? 'male' : 'female', cipher.seal(phone, profileField.phone(n)), cipher.lookupHash('phone', phone), maskPhone(phone), 'form', cipher.keyId, now, now])
      if (rows.length === 2000) {
        await insertRows('resident_profiles', cols, rows)
        rows = []
      }
    }
    if (rows.length) await insertRows('resident_profiles', cols, rows)
    await q(`INSERT INTO consents (user_id, purpose, policy_version, granted_at)
             SELECT user_id, 'real_name', '2026-11', created_at FROM resident_profiles`)
  })
}

await step(`notices: ${N} with grid/building targets`, async () => {
  // Paragraph pools for bodies; the first paragraph (category-specific) doubles as the summary.
  const P1: Record<string, string[]> = {
    notice: [
      '为切实做好辖区安全防范工作，社区将联合物业服务中心于近期开展专项检查，届时工作人员将逐楼逐户进行排查，请各位居民予以理解和配合。',
      '近期发现部分楼道存在堆放杂物、电动车违规充电等现象，存在较大安全隐患。请各位居民于本周内自行清理，逾期未清理的将统一清运。',
      '根据街道统一部署，本社区将开展垃圾分类积分兑换活动，居民可凭积分卡到社区服务站兑换日用品，数量有限，先到先得。',
      '为保障居民用水安全，物业将对小区二次供水水箱进行清洗消毒，清洗期间可能出现短时水压不足，请提前做好储水准备。',
    ],
    activity: [
      '为丰富社区居民文化生活，增进邻里感情，社区居委会将举办主题活动，欢迎广大居民朋友踊跃报名参加，老人和儿童请在家属陪同下参加。',
      '社区联合辖区医院开展义诊进社区活动，现场提供测量血压、血糖、健康咨询等服务，请有需要的居民携带医保卡准时参加。',
      '社区志愿服务队现面向全体居民招募志愿者，参与楼道清洁、敬老助老、文明劝导等服务，参加志愿服务可累计志愿时长。',
    ],
    policy: [
      '根据最新政策规定，符合条件的居民可通过社区服务站或线上渠道办理相关业务，办理时请携带本人身份证、户口簿等材料原件及复印件。',
      '为方便居民了解相关政策，现将申领条件、所需材料和办理流程公布如下，如有疑问可在工作时间到社区服务站咨询。',
    ],
    outage: [
      '因市政管网改造施工需要，供水（电）公司将对辖区部分线路进行检修，届时相关楼栋将暂停供应，请居民提前做好准备，给您带来不便敬请谅解。',
      '接供电公司通知，因设备检修，辖区部分楼栋将临时停电，检修期间请勿乘坐电梯，并关闭家中大功率电器，来电时间如有变化另行通知。',
    ],
    other: [
      '现将有关事项公示如下，公示期为七天，公示期间如有异议，请以书面形式向社区居委会反映，并提供真实姓名和联系方式。',
      '社区服务站工作时间调整为周一至周六上午八点半至下午五点半，节假日值班电话保持畅通，欢迎居民前来办事咨询。',
    ],
  }
  const P2 = [
    '请各位居民相互转告，特别是家中有老人、残疾人等行动不便人员的，请家属或邻居提前告知，必要时可联系网格员上门协助。',
    '如有疑问，请拨打社区服务电话或联系所在网格的网格员，我们将第一时间为您解答。感谢您对社区工作的理解与支持！',
    '活动期间请遵守现场秩序，注意人身和财产安全。如遇恶劣天气，活动时间将另行通知，请留意社区公告及网格群消息。',
    '本通知内容同步在社区公告栏和网格微信群发布，居民也可在“邻里通”小程序首页查看最新通知和办理进度。',
  ]
  const TITLES: Record<string, { head: string; items: string[]; tail: string; withCommunity?: boolean }> = {
    notice: { head: '关于', items: ['开展消防安全检查', '电梯年度检验', '楼道杂物集中清理', '高空抛物专项整治', '电动车集中充电管理', '垃圾分类积分兑换', '二次供水水箱清洗', '汛期安全防范', '冬季防火防滑', '流动人口信息登记'], tail: '的通知' },
    activity: { head: '', items: ['邻里节活动报名', '亲子读书会', '重阳节敬老活动', '义诊进社区', '志愿者招募', '广场舞展演', '反诈宣传讲座', '端午包粽子活动', '中秋游园会', '周末电影放映'], tail: '', withCommunity: true },
    policy: { head: '', items: ['城乡居民医保缴费', '老年人优待证办理', '公租房申请', '退役军人优待', '残疾人补贴申领', '生育津贴申领', '养老服务补贴', '就业创业补贴'], tail: '政策解读' },
    outage: { head: '', items: ['计划停水', '计划停电', '燃气管道检修停气', '电梯维保暂停使用', '热力管网检修'], tail: '通知', withCommunity: true },
    other: { head: '', items: ['失物招领', '物业费收缴情况公示', '业委会换届选举公示', '社区工作人员值班表', '便民服务电话更新', '社区服务站工作时间调整'], tail: '' },
  }
  const itemSql = `CASE t.category ${Object.entries(TITLES)
    .map(([k, v]) => `WHEN '${k}' THEN ELT(1 + t.rv % ${v.items.length}, ${sqlList(v.items)})`)
    .join(' ')} END`
  const titleSql = `CASE t.category ${Object.entries(TITLES)
    .map(([k, v]) => `WHEN '${k}' THEN CONCAT(${v.withCommunity ? 'c.name, ' : ''}${mysql.escape(v.head)}, ${itemSql}, ${mysql.escape(v.tail)})`)
    .join(' ')} END`
  const p1Sql = `CONCAT('现就“', ${itemSql}, '”有关事项告知如下。', CASE t.category ${Object.entries(P1)
    .map(([k, v]) => `WHEN '${k}' THEN ELT(1 + (t.rv DIV 7) % ${v.length}, ${sqlList(v)})`)
    .join(' ')} END)`
  // Two different closing paragraphs.
  const p2Sql = (second: boolean) =>
    `ELT(1 + ((t.rv DIV 3) ${second ? `+ 1 + (t.rv DIV 11) % ${P2.length - 1}` : ''}) % ${P2.length}, ${sqlList(P2)})`

  const SPAN = 730 * 86400 // two years, in seconds
  await q(`CREATE TEMPORARY TABLE tmp_n (
             id INT PRIMARY KEY, community_id INT, ts DATETIME(3), rs INT, rt INT, ri INT, rp INT, rv BIGINT,
             category VARCHAR(16), status VARCHAR(16))`)
  // Ids grow with publish time (as in real life); the 1% scheduled ones are set in the next days.
  await q(`INSERT INTO tmp_n (id, community_id, ts, rs, rt, ri, rp, rv, category, status)
           SELECT s.seq, 1 + CRC32(CONCAT('c', s.seq)) % ${C},
                  UTC_TIMESTAMP(3) - INTERVAL ((${N} - s.seq) * ${SPAN} DIV ${N} + CRC32(CONCAT('j', s.seq)) % 3600) SECOND,
                  CRC32(CONCAT('s', s.seq)) % 1000, CRC32(CONCAT('t', s.seq)) % 100, CRC32(CONCAT('i', s.seq)) % 100,
                  CRC32(CONCAT('p', s.seq)) % 100, CRC32(CONCAT('v', s.seq)),
                  ELT(1 + (CRC32(CONCAT('k', s.seq)) % 100 >= 40) + (CRC32(CONCAT('k', s.seq)) % 100 >= 65)
                        + (CRC32(CONCAT('k', s.seq)) % 100 >= 80) + (CRC32(CONCAT('k', s.seq)) % 100 >= 90),
                      'notice', 'activity', 'policy', 'outage', 'other'),
                  CASE WHEN CRC32(CONCAT('s', s.seq)) % 1000 < 10 THEN 'scheduled'
                       WHEN CRC32(CONCAT('s', s.seq)) % 1000 < 20 THEN 'draft'
                       WHEN CRC32(CONCAT('s', s.seq)) % 1000 < 50 THEN 'withdrawn'
                       ELSE 'published' END
           FROM seq_1_to_${N} s`)
  await q(`UPDATE tmp_n SET ts = UTC_TIMESTAMP(3) + INTERVAL (1 + rv % 14) DAY + INTERVAL (rv % 10) HOUR WHERE status = 'scheduled'`)
  await q(`INSERT INTO notices (id, street_id, community_id, author_id, title, body_html, summary, category, importance,
             target_type, status, publish_at, published_at, pinned_until, expires_at, withdrawn_at, withdrawn_by_id,
             withdraw_reason, version, created_at, updated_at)
           SELECT t.id, 1, t.community_id, ${R} + t.community_id,
                  ${titleSql},
                  CONCAT('<p>尊敬的各位居民：</p><p>', ${p1Sql}, '</p><p>', ${p2Sql(false)}, '</p><p>', ${p2Sql(true)},
                         '</p><p>特此通知。</p><p>', c.name, '居民委员会<br>', DATE_FORMAT(t.ts + INTERVAL 8 HOUR, '%Y年%c月%e日'), '</p>'),
                  LEFT(${p1Sql}, 120),
                  t.category,
                  IF(t.ri < IF(t.category = 'outage', 50, 5), 'important', 'normal'),
                  CASE WHEN t.rt < 70 THEN 'community' WHEN t.rt < 90 THEN 'grids' ELSE 'buildings' END,
                  t.status,
                  IF(t.status = 'draft', NULL, t.ts),
                  IF(t.status IN ('published', 'withdrawn'), t.ts, NULL),
                  CASE WHEN t.status <> 'published' OR t.rp >= 3 THEN NULL
                       WHEN t.ts > UTC_TIMESTAMP(3) - INTERVAL 30 DAY THEN UTC_TIMESTAMP(3) + INTERVAL (3 + t.rv % 20) DAY
                       ELSE t.ts + INTERVAL 7 DAY END,
                  CASE WHEN t.status = 'draft' THEN NULL
                       WHEN t.category = 'outage' THEN t.ts + INTERVAL 3 DAY
                       WHEN t.category = 'activity' THEN t.ts + INTERVAL 14 DAY
                       WHEN t.rp % 10 = 5 THEN t.ts + INTERVAL 30 DAY
                       ELSE NULL END,
                  IF(t.status = 'withdrawn', LEAST(t.ts + INTERVAL 1 DAY, UTC_TIMESTAMP(3)), NULL),
                  IF(t.status = 'withdrawn', ${R} + t.community_id, NULL),
                  IF(t.status = 'withdrawn', ELT(1 + t.rv % 3, '内容有误，已重新发布', '活动取消', '通知时间调整'), NULL),
                  1, t.ts - INTERVAL (30 + t.rv % 600) MINUTE, t.ts - INTERVAL (t.rv % 30) MINUTE
           FROM tmp_n t JOIN communities c ON c.id = t.community_id`)
  // Targets: 1–3 consecutive grids, or 1–5 consecutive buildings, of the notice's community.
  await q(`INSERT INTO notice_targets (notice_id, grid_id, building_id)
           SELECT DISTINCT n.id, cs.g0 + (CRC32(CONCAT('g', n.id)) + s.seq) % cs.gn, NULL
           FROM notices n JOIN tmp_cs cs ON cs.community_id = n.community_id JOIN seq_0_to_2 s ON s.seq <= n.id % 3
           WHERE n.target_type = 'grids'`)
  await q(`INSERT INTO notice_targets (notice_id, grid_id, building_id)
           SELECT DISTINCT n.id, NULL, cs.b0 + (CRC32(CONCAT('b', n.id)) + s.seq) % cs.bn
           FROM notices n JOIN tmp_cs cs ON cs.community_id = n.community_id JOIN seq_0_to_4 s ON s.seq <= n.id % 5
           WHERE n.target_type = 'buildings'`)
  await q(`INSERT INTO notice_feed_versions (community_id, version, updated_at)
           SELECT community_id, COUNT(*), UTC_TIMESTAMP(3) FROM notices GROUP BY community_id`)
})

const reportCounts = await seedReports(q, step, { reports: flags.reports, grids: G, communities: C, gridWorkerId })
await step('ANALYZE TABLE', () =>
  q(`ANALYZE TABLE streets, communities, grids, buildings, households, users, user_roles, resident_profiles,
     household_bindings, grid_assignments, notices, notice_targets, notice_feed_versions`),
)

const [countRows] = (await q(`SELECT
  (SELECT COUNT(*) FROM communities) communities, (SELECT COUNT(*) FROM grids) grids,
  (SELECT COUNT(*) FROM buildings) buildings, (SELECT COUNT(*) FROM households) households,
  (SELECT COUNT(*) FROM household_bindings WHERE status = 'approved') residents,
  (SELECT COUNT(*) FROM resident_profiles) profiles, (SELECT COUNT(*) FROM users) users,
  (SELECT COUNT(*) FROM notices) notices, (SELECT COUNT(*) FROM notice_targets) notice_targets,
  (SELECT COUNT(*) FROM notices WHERE status = 'published') published,
  (SELECT COUNT(*) FROM notices WHERE pinned_until > UTC_TIMESTAMP(3)) pinned_now,
  (SELECT COUNT(*) FROM notices WHERE importance = 'important') important`)) as unknown as [Record<string, number>[]]
await conn.end()
console.log(`done in ${ms(tAll)}`)
console.log(Object.entries({ ...countRows[0], ...reportCounts }).map(([k, v]) => `  ${k.padEnd(15)} ${Number(v).toLocaleString('en-US')}`).join('\n'))
