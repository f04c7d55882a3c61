/**
 * A typical-case notice (典型案例通报): the facts of a case, how it was handled
 * and the lesson, linked to the clauses it broke. Drafts are editable; a
 * published notice is immutable and is corrected by a new notice (更正).
 */
export interface CaseFields {
  title: string;
  /** Date of the case or the notice, as written (e.g. 2024-05-10 or 2024年5月). */
  date?: string | undefined;
  institution?: string | undefined;
  /** Names of people involved, so they can be anonymised everywhere in the text. */
  people: string[];
  /** 主要违纪事实. */
  facts: string;
  /** The rules broken, in the author's words (linked clauses are separate). */
  violations?: string | undefined;
  /** 处理结果. */
  result?: string | undefined;
  /** 案例剖析 / 警示. */
  lesson?: string | undefined;
  tags: string[];
  sourceUrl?: string | undefined;
}

export interface LinkedClause {
  chunkId: number;
  text: string;
  title: string;
  year?: number | undefined;
  section: string;
  /** Proposed by retrieval from the facts, or added by the admin. */
  origin: "proposed" | "added";
  accepted: boolean;
}

export interface CaseNotice extends CaseFields {
  id: number;
  status: "draft" | "published";
  /** The notice this one corrects (更正). */
  correctsId?: number | undefined;
  clauses: LinkedClause[];
  createdBy: string;
  createdAt: string;
  publishedAt?: string | undefined;
}

export function acceptedClauses(notice: CaseNotice): LinkedClause[] {
  return notice.clauses.filter((c) => c.accepted);
}

/** The tags the parser and the chat flow recognise in a notice's text. */
export const KNOWN_CASE_TAGS: { tag: string; pattern: RegExp }[] = [
  { tag: "红包", pattern: /红包|礼金|购物卡|消费卡/ },
  { tag: "回扣", pattern: /回扣|提成|返利|好处费|商业贿赂/ },
  { tag: "统方", pattern: /统方|处方量|用药量|处方信息|处方数据/ },
  { tag: "转介患者", pattern: /转介|介绍患者|引导患者|推荐患者|将患者|转诊/ },
  { tag: "药企宴请", pattern: /宴请|吃请|请吃|旅游|娱乐活动/ },
  { tag: "收费", pattern: /乱收费|违规收费|重复收费|分解收费|过度检查|过度治疗/ },
  { tag: "医保", pattern: /医保|骗保|套保/ },
];

/** Tags whose pattern appears in the text. */
export function inferTags(text: string): string[] {
  return KNOWN_CASE_TAGS.filter((t) => t.pattern.test(text)).map((t) => t.tag);
}
