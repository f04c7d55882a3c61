/**
 * Vocabulary for generated questions. TERMS are the words a cloze question
 * blanks out and its distractors come from, grouped by kind so a distractor
 * is the same sort of thing as the answer (an act with an act, a body with a
 * body) — plausible, and never the word the clause uses.
 */
export const TERM_GROUPS: Record<string, string[]> = {
  benefit: [
    "回扣",
    "红包",
    "提成",
    "礼品",
    "礼金",
    "消费卡",
    "有价证券",
    "好处费",
    "财物",
    "佣金",
    "返利",
    "购物卡",
  ],
  act: [
    "统方",
    "宴请",
    "旅游",
    "娱乐活动",
    "开单提成",
    "带金销售",
    "商业贿赂",
    "利益输送",
    "过度诊疗",
    "虚假宣传",
    "骗取医保基金",
    "收受红包",
    "违规收费",
    "分解收费",
    "重复收费",
    "挂号倒卖",
  ],
  party: [
    "医药代表",
    "医药企业",
    "经销商",
    "生产企业",
    "医疗机构",
    "医务人员",
    "患者",
    "行业协会",
    "学会",
    "基金会",
    "社会组织",
    "民营医院",
    "纪检监察机关",
    "公立医院",
    "医疗卫生人员",
    "第三方机构",
  ],
  resource: [
    "号源",
    "病床",
    "处方",
    "医用耗材",
    "药品",
    "医疗器械",
    "检查",
    "集中带量采购",
    "中选产品",
    "医保基金",
    "科研经费",
    "学术会议",
    "捐赠",
    "赞助",
  ],
  measure: [
    "专项整治",
    "自查自纠",
    "督导检查",
    "约谈",
    "通报",
    "曝光",
    "移送",
    "追责问责",
    "一案四改",
    "以案促改",
    "警示教育",
    "举报",
    "信用评价",
    "联合惩戒",
    "监督检查",
    "信息公开",
    "黑名单",
    "责任追究",
  ],
};

// Fields of work named in the documents: a cloze on them tests what a rule is about.
const FIELDS = [
  "行风建设",
  "廉洁从业",
  "纠风工作",
  "医疗乱象",
  "医疗美容",
  "药品耗材",
  "医药购销",
  "医疗服务",
  "招标采购",
  "价格监管",
  "两票制",
  "阳光采购",
  "行业秩序",
  "疫情防控",
];
TERM_GROUPS.field = FIELDS;

export const TERMS: string[] = Object.values(TERM_GROUPS).flat();

/**
 * Words that mean the same thing for the rules: never a distractor for each
 * other (a blank filled with either would be right).
 */
export const EQUIVALENT: string[][] = [
  ["医务人员", "医疗卫生人员"],
  ["医药企业", "生产企业"],
  ["回扣", "提成", "好处费", "返利", "佣金", "开单提成"],
  ["红包", "礼金", "收受红包"],
  ["消费卡", "购物卡", "有价证券"],
  ["礼品", "财物"],
  ["检查", "监督检查", "督导检查"],
  ["举报", "信息公开"],
  ["追责问责", "责任追究"],
];

export function equivalent(a: string, b: string): boolean {
  return EQUIVALENT.some((set) => set.includes(a) && set.includes(b));
}

/** Swapping these changes what a rule forbids only in name: not used to make false statements. */
export const SAME_RULE_GROUPS = ["benefit", "act"];

export function groupNameOf(term: string): string | undefined {
  return Object.entries(TERM_GROUPS).find(([, g]) => g.includes(term))?.[0];
}

export function groupOf(term: string): string[] {
  return Object.values(TERM_GROUPS).find((g) => g.includes(term)) ?? TERMS;
}

/** Conduct the rules allow (or allow under conditions): distractors for "which are forbidden". */
export const PERMITTED_CONDUCT = [
  "按规定在院内指定时间、地点接待经备案的医药代表",
  "经单位批准参加学术会议并按规定公开讲课",
  "通过医院统一渠道接受依法合规的公益捐赠",
  "按照临床诊疗规范合理开具处方",
  "按规定公开公示医疗服务价格",
  "按规定参加继续医学教育培训",
];

/** Prohibition words a true/false statement may be flipped on. */
export const NEGATIONS: [RegExp, string][] = [
  [/严禁/, "允许"],
  [/禁止/, "允许"],
  [/不得/, "可以"],
  [/不准/, "可以"],
];
