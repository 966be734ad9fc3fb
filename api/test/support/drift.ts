import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import internals from '@prisma/internals'
import type mysql from 'mysql2/promise'

const SCHEMA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../prisma/schema.prisma')

type DmmfField = {
  name: string; dbName?: string | null; kind: 'scalar' | 'object' | 'enum' | 'unsupported'; isList: boolean; isRequired: boolean
  isId: boolean; isUnique: boolean; type: string; nativeType?: [string, string[]] | null; hasDefaultValue: boolean
  default?: unknown; isUpdatedAt: boolean; relationFromFields?: string[]; relationToFields?: string[]; relationOnDelete?: string
}
type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[]; primaryKey: { fields: string[] } | null }
type DmmfIndex = { model: string; type: 'id' | 'normal' | 'unique' | 'fulltext'; dbName?: string; fields: { name: string }[] }
type Dmmf = { datamodel: { models: DmmfModel[]; enums: { name: string; values: { name: string; dbName: string | null }[] }[]; indexes: DmmfIndex[] } }

/** The Prisma datamodel of prisma/schema.prisma (parsed by Prisma's own wasm engine, no download). */
export async function loadDmmf(): Promise<Dmmf> {
  return (await internals.getDMMF({ datamodel: fs.readFileSync(SCHEMA, 'utf8') })) as unknown as Dmmf
}

type Column = { type: string; nullable: boolean; default: string | null; autoIncrement: boolean }
type Index = { unique: boolean; columns: string[] }
type ForeignKey = { columns: string[]; refTable: string; refColumns: string[]; onDelete: string; onUpdate: string }
type Shape = { tables: Map<string, { columns: Map<string, Column>; indexes: Map<string, Index>; fks: Map<string, ForeignKey> }> }

const col = (f: DmmfField) => f.dbName ?? f.name

function expectedType(f: DmmfField, enums: Dmmf['datamodel']['enums'], isMaria: boolean): string {
  if (f.kind === 'enum') {
    const e = enums.find((x) => x.name === f.type)!
    return `enum(${e.values.map((v) => `'${v.dbName ?? v.name}'`).join(',')})`
  }
  const [nt, args] = f.nativeType ?? [null, []]
  const a = args.join(',')
  if (nt) {
    const simple: Record<string, string> = {
      VarChar: `varchar(${a})`, Char: `char(${a})`, Text: 'text', MediumText: 'mediumtext', LongText: 'longtext', TinyText: 'tinytext',
      VarBinary: `varbinary(${a})`, Binary: `binary(${a})`, Blob: 'blob', MediumBlob: 'mediumblob', LongBlob: 'longblob',
      Date: 'date', DateTime: `datetime(${a || 0})`, Timestamp: `timestamp(${a || 0})`, Decimal: `decimal(${a})`,
      UnsignedInt: 'int(10) unsigned', TinyInt: 'tinyint(4)', SmallInt: 'smallint(6)', Double: 'double', Json: isMaria ? 'longtext' : 'json',
    }
    if (!simple[nt]) throw new Error(`drift check does not know native type ${nt}`)
    return simple[nt]
  }
  const byType: Record<string, string> = {
    String: 'varchar(191)', Int: 'int(11)', BigInt: 'bigint(20)', Boolean: 'tinyint(1)', DateTime: 'datetime(3)',
    Float: 'double', Decimal: 'decimal(65,30)', Bytes: 'longblob', Json: isMaria ? 'longtext' : 'json',
  }
  return byType[f.type]
}

function expectedDefault(f: DmmfField): { value: string | null; autoIncrement: boolean } {
  const d = f.default as { name?: string } | string | number | boolean | undefined
  if (d && typeof d === 'object' && d.name === 'autoincrement') return { value: null, autoIncrement: true }
  if (d && typeof d === 'object' && d.name === 'now') return { value: 'current_timestamp(3)', autoIncrement: false }
  if (typeof d === 'boolean') return { value: d ? '1' : '0', autoIncrement: false }
  if (d === undefined) return { value: null, autoIncrement: false }
  return { value: String(d), autoIncrement: false }
}

/** The schema the Prisma datamodel describes, in information_schema terms. */
function expectedShape(dmmf: Dmmf, isMaria: boolean): Shape {
  const tables: Shape['tables'] = new Map()
  const tableOf = (model: string) => {
    const m = dmmf.datamodel.models.find((x) => x.name === model)!
    return m.dbName ?? m.name
  }
  for (const m of dmmf.datamodel.models) {
    const table = m.dbName ?? m.name
    const columns = new Map<string, Column>()
    for (const f of m.fields.filter((x) => x.kind === 'scalar' || x.kind === 'enum')) {
      const d = expectedDefault(f)
      columns.set(col(f), { type: expectedType(f, dmmf.datamodel.enums, isMaria), nullable: !f.isRequired, default: d.value, autoIncrement: d.autoIncrement })
    }
    const dbCol = (name: string) => col(m.fields.find((x) => x.name === name)!)
    const indexes = new Map<string, Index>()
    for (const ix of dmmf.datamodel.indexes.filter((x) => x.model === m.name)) {
      const cols = ix.fields.map((x) => dbCol(x.name))
      if (ix.type === 'id') indexes.set('PRIMARY', { unique: true, columns: cols })
      else indexes.set(ix.dbName ?? `${table}_${cols.join('_')}_${ix.type === 'unique' ? 'key' : 'idx'}`, { unique: ix.type === 'unique', columns: cols })
    }
    const fks = new Map<string, ForeignKey>()
    for (const f of m.fields.filter((x) => x.kind === 'object' && x.relationFromFields?.length)) {
      const cols = f.relationFromFields!.map(dbCol)
      const target = dmmf.datamodel.models.find((x) => x.name === f.type)!
      const allRequired = f.relationFromFields!.every((n) => m.fields.find((x) => x.name === n)!.isRequired)
      const onDelete = f.relationOnDelete ?? (allRequired ? 'Restrict' : 'SetNull')
      const rule = (r: string) => ({ Restrict: 'RESTRICT', Cascade: 'CASCADE', SetNull: 'SET NULL', NoAction: 'NO ACTION', SetDefault: 'SET DEFAULT' })[r]!
      fks.set(`${table}_${cols.join('_')}_fkey`, {
        columns: cols,
        refTable: tableOf(target.name),
        refColumns: f.relationToFields!.map((n) => col(target.fields.find((x) => x.name === n)!)),
        onDelete: rule(onDelete),
        onUpdate: 'CASCADE',
      })
    }
    tables.set(table, { columns, indexes, fks })
  }
  return { tables }
}

/** The live schema of a database, from information_schema. */
async function liveShape(conn: mysql.Connection, db: string): Promise<Shape> {
  const q = async (sql: string) => (await conn.query(sql, [db]))[0] as Record<string, any>[]
  const tables: Shape['tables'] = new Map()
  for (const t of await q(`SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME <> '_prisma_migrations'`)) {
    tables.set(t.TABLE_NAME, { columns: new Map(), indexes: new Map(), fks: new Map() })
  }
  for (const c of await q(`SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?`)) {
    const t = tables.get(c.TABLE_NAME)
    if (!t) continue
    let def: string | null = c.COLUMN_DEFAULT
    if (def === 'NULL') def = null
    if (def !== null) def = def.replace(/^'(.*)'$/, '$1')
    if (def !== null && /^current_timestamp/i.test(def)) def = def.toLowerCase()
    t.columns.set(c.COLUMN_NAME, { type: String(c.COLUMN_TYPE).toLowerCase(), nullable: c.IS_NULLABLE === 'YES', default: def, autoIncrement: /auto_increment/i.test(c.EXTRA) })
  }
  for (const s of await q(`SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`)) {
    const t = tables.get(s.TABLE_NAME)
    if (!t) continue
    const ix: Index = t.indexes.get(s.INDEX_NAME) ?? { unique: Number(s.NON_UNIQUE) === 0, columns: [] }
    ix.columns.push(s.COLUMN_NAME)
    t.indexes.set(s.INDEX_NAME, ix)
  }
  for (const k of await q(`SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE
      FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r
        ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
      WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`)) {
    const t = tables.get(k.TABLE_NAME)
    if (!t) continue
    const fk: ForeignKey = t.fks.get(k.CONSTRAINT_NAME) ?? { columns: [], refTable: k.REFERENCED_TABLE_NAME, refColumns: [], onDelete: k.DELETE_RULE, onUpdate: k.UPDATE_RULE }
    fk.columns.push(k.COLUMN_NAME)
    fk.refColumns.push(k.REFERENCED_COLUMN_NAME)
    t.fks.set(k.CONSTRAINT_NAME, fk)
  }
  return { tables }
}

/**
 * Every difference between the Prisma datamodel and the live database: tables, columns (type,
 * nullability, default, auto-increment), primary keys, unique and plain indexes, foreign keys.
 */
export async function schemaDrift(conn: mysql.Connection, db: string): Promise<string[]> {
  const [[{ v }]] = (await conn.query('SELECT VERSION() AS v')) as any
  const dmmf = await loadDmmf()
  const want = expectedShape(dmmf, /mariadb/i.test(v))
  const have = await liveShape(conn, db)
  const out: string[] = []
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
  for (const [name, t] of want.tables) {
    const live = have.tables.get(name)
    if (!live) { out.push(`table ${name}: missing in database`); continue }
    for (const [c, spec] of t.columns) {
      const l = live.columns.get(c)
      if (!l) out.push(`column ${name}.${c}: missing in database`)
      else if (!same(l, spec)) out.push(`column ${name}.${c}: database ${JSON.stringify(l)} ≠ schema ${JSON.stringify(spec)}`)
    }
    for (const c of live.columns.keys()) if (!t.columns.has(c)) out.push(`column ${name}.${c}: not in schema.prisma`)
    for (const [ix, spec] of t.indexes) {
      const l = live.indexes.get(ix)
      if (!l) out.push(`index ${name}.${ix}: missing in database`)
      else if (!same(l, spec)) out.push(`index ${name}.${ix}: database ${JSON.stringify(l)} ≠ schema ${JSON.stringify(spec)}`)
    }
    for (const ix of live.indexes.keys()) if (!t.indexes.has(ix)) out.push(`index ${name}.${ix}: not in schema.prisma`)
    for (const [fk, spec] of t.fks) {
      const l = live.fks.get(fk)
      if (!l) out.push(`foreign key ${name}.${fk}: missing in database`)
      else if (!same(l, spec)) out.push(`foreign key ${name}.${fk}: database ${JSON.stringify(l)} ≠ schema ${JSON.stringify(spec)}`)
    }
    for (const fk of live.fks.keys()) if (!t.fks.has(fk)) out.push(`foreign key ${name}.${fk}: not in schema.prisma`)
  }
  for (const name of have.tables.keys()) if (!want.tables.has(name)) out.push(`table ${name}: not in schema.prisma`)
  return out
}
