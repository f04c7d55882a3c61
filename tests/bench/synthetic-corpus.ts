import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** A clause of the real corpus to recombine. */
export interface SourceClause {
  text: string;
}

export interface SyntheticCorpusOptions {
  /** Directory to write the .txt files into (created). */
  dir: string;
  count: number;
  seed: number;
  clauses: SourceClause[];
}

export interface SyntheticCorpus {
  files: string[];
  /** Characters (code points) written, over all files. */
  chars: number;
  bytes: number;
  /** Numbered clauses written, over all files. */
  clauses: number;
}

/** Deterministic 32-bit PRNG (mulberry32): the same seed writes the same corpus. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES: [string, string][] = [
  ["江苏省", "南京市"],
  ["浙江省", "杭州市"],
  ["广东省", "佛山市"],
  ["山东省", "济宁市"],
  ["河南省", "洛阳市"],
  ["四川省", "绵阳市"],
  ["湖北省", "宜昌市"],
  ["湖南省", "岳阳市"],
  ["福建省", "泉州市"],
  ["安徽省", "芜湖市"],
  ["河北省", "保定市"],
  ["陕西省", "宝鸡市"],
  ["江西省", "赣州市"],
  ["辽宁省", "大连市"],
  ["吉林省", "延吉市"],
  ["云南省", "曲靖市"],
  ["甘肃省", "天水市"],
  ["山西省", "大同市"],
];

const TOPICS = [
  "纠正医药购销领域和医疗服务中不正之风",
  "医疗卫生行风建设",
  "医药领域腐败问题集中整治",
  "医疗机构廉洁从业专项治理",
  "医疗服务中不正之风专项整治",
];

const SUFFIXES = ["工作要点", "实施方案", "工作方案", "专项治理方案", "行动方案"];

const HEADINGS = [
  "总体要求",
  "工作任务",
  "重点工作",
  "整治内容",
  "工作措施",
  "保障措施",
  "工作要求",
  "组织实施",
];

const CN_NUM = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/** 1 → 一, 12 → 十二, 23 → 二十三 (enough for clause numbering). */
export function chineseNumber(n: number): string {
  if (n <= 10) return CN_NUM[n - 1] ?? String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : (CN_NUM[tens - 1] ?? "")}十${ones === 0 ? "" : (CN_NUM[ones - 1] ?? "")}`;
}

/** Strips a leading outline marker such as "（十二）", "(三)", "4 ." or "二、". */
export function stripMarker(text: string): string {
  return text
    .replace(
      /^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}\s?[.．、](?!\d))\s*/u,
      "",
    )
    .trim();
}

/** Sentences ending in 。；！ (the last one may lack an end mark). */
export function sentences(text: string): string[] {
  return (text.match(/[^。；！]+[。；！]?/gu) ?? [])
    .map((s) => s.trim())
    .filter((s) => s.length >= 8);
}

/**
 * Writes `count` synthetic policy documents built from real clauses: each has
 * a title with a province, city, year and kind, a document number, an opening
 * and 3–5 "一、" sections of "（一）" clauses; each clause joins sentences of two
 * different real clauses, with years and "XX省/市" placeholders localised, so
 * that few synthetic clauses duplicate a stored one.
 */
export function writeSyntheticCorpus(options: SyntheticCorpusOptions): SyntheticCorpus {
  const { dir, count, seed } = options;
  const pool = options.clauses
    .map((c) => ({ sentences: sentences(stripMarker(c.text)) }))
    .filter((c) => c.sentences.length > 0);
  if (pool.length < 2) throw new Error("synthetic corpus: need at least two source clauses");
  const random = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  let chars = 0;
  let bytes = 0;
  let clauses = 0;
  for (let d = 0; d < count; d++) {
    const [province, city] = pick(PLACES);
    const year = int(2015, 2025);
    const local = (s: string) =>
      s
        .replace(/XX省|[\p{Script=Han}]{2}省(?=[\p{Script=Han}])/gu, province)
        .replace(/XX市/gu, city)
        .replace(/20\d\d年/gu, `${year}年`);
    const suffix = pick(SUFFIXES);
    const lines = [
      `${province}${city}${year}年${pick(TOPICS)}${suffix}`,
      `${city.slice(0, 2)}卫发〔${year}〕${int(1, 160)}号`,
      "",
      `为深入贯彻落实全国纠正医药购销领域和医疗服务中不正之风工作部署，结合${city}实际，制定本${suffix.slice(-2)}。`,
    ];
    const sections = int(3, 5);
    const arabic = random() < 0.3;
    let clauseNo = 0;
    for (let s = 1; s <= sections; s++) {
      lines.push(`${chineseNumber(s)}、${pick(HEADINGS)}`);
      const n = int(3, 6);
      for (let c = 1; c <= n; c++) {
        const a = pick(pool);
        let b = pick(pool);
        while (b === a) b = pick(pool);
        const take = (from: string[], k: number) => {
          const start = int(0, Math.max(0, from.length - k));
          return from.slice(start, start + k);
        };
        const body = [...take(a.sentences, int(1, 2)), ...take(b.sentences, int(1, 2))]
          .map((x) => (/[。；！]$/u.test(x) ? x : `${x}。`))
          .join("");
        clauseNo++;
        const marker = arabic ? `${c}．` : `（${chineseNumber(clauseNo)}）`;
        lines.push(`${marker}${local(body)}`);
        clauses++;
      }
    }
    lines.push("", `${city}卫生健康委员会`, `${year}年${int(1, 12)}月${int(1, 28)}日`, "");
    const text = lines.join("\n");
    const file = join(dir, `synthetic_${String(d).padStart(4, "0")}.txt`);
    writeFileSync(file, text, "utf8");
    files.push(file);
    chars += [...text].length;
    bytes += Buffer.byteLength(text, "utf8");
  }
  return { files, chars, bytes, clauses };
}

export interface LargeDocumentOptions {
  file: string;
  /** Size to reach, in UTF-8 bytes. */
  bytes: number;
  seed: number;
  clauses: SourceClause[];
}

/**
 * One legitimately large policy document, e.g. a provincial compilation: a
 * title and document number, then "一、" chapters of "（一）" clauses, each
 * joining sentences of two real clauses (localised as in
 * writeSyntheticCorpus), until the file reaches `bytes`. Many clauses of one
 * document is what a per-document scan at ask time would be slow on.
 */
export function writeLargeDocument(options: LargeDocumentOptions): SyntheticCorpus {
  const pool = options.clauses
    .map((c) => ({ sentences: sentences(stripMarker(c.text)) }))
    .filter((c) => c.sentences.length > 0);
  if (pool.length < 2) throw new Error("large document: need at least two source clauses");
  const random = prng(options.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const lines = [
    "全省医疗卫生行业廉洁从业制度汇编（2025年版）",
    "卫办发〔2025〕8号",
    "",
    "为系统梳理医疗卫生行业廉洁从业要求，现将有关制度规定汇编如下，请结合实际认真贯彻执行。",
  ];
  let bytes = 0;
  let clauses = 0;
  for (let chapter = 1; bytes < options.bytes; chapter++) {
    const [province, city] = pick(PLACES);
    const year = int(2015, 2025);
    const local = (text: string) =>
      text
        .replace(/XX省|[\p{Script=Han}]{2}省(?=[\p{Script=Han}])/gu, province)
        .replace(/XX市/gu, city)
        .replace(/20\d\d年/gu, `${year}年`);
    const heading = `${chineseNumber(((chapter - 1) % 99) + 1)}、${city}${pick(TOPICS)}${pick(HEADINGS)}`;
    lines.push(heading);
    bytes += Buffer.byteLength(heading, "utf8") + 1;
    const n = int(8, 20);
    for (let c = 1; c <= n; c++) {
      const a = pick(pool);
      let b = pick(pool);
      while (b === a) b = pick(pool);
      const take = (from: string[], k: number) => {
        const start = int(0, Math.max(0, from.length - k));
        return from.slice(start, start + k);
      };
      const body = [...take(a.sentences, int(1, 2)), ...take(b.sentences, int(1, 2))]
        .map((x) => (/[。；！]$/u.test(x) ? x : `${x}。`))
        .join("");
      const line = `（${chineseNumber(c)}）${local(body)}`;
      lines.push(line);
      bytes += Buffer.byteLength(line, "utf8") + 1;
      clauses++;
    }
  }
  const text = lines.join("\n");
  mkdirSync(dirname(options.file), { recursive: true });
  writeFileSync(options.file, text, "utf8");
  return {
    files: [options.file],
    chars: [...text].length,
    bytes: Buffer.byteLength(text, "utf8"),
    clauses,
  };
}
