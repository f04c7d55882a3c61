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

/** Scenario questions: a situation staff meet, the right response, and tempting wrong ones. */
export const SCENARIOS: {
  stem: string;
  right: string;
  wrong: string[];
  /** Words the supporting clause must contain (one of each inner list). */
  evidence: string[][];
  tags: string[];
}[] = [
  {
    stem: "药代请你周末去高档餐厅吃饭，顺便“交流一下新药”，你应该：",
    right: "婉拒邀请，学术交流按规定在院内指定场所进行",
    wrong: [
      "接受，只要不在工作时间就可以",
      "接受，但自己支付一半费用",
      "接受后向科室主任口头报备即可",
    ],
    evidence: [
      ["宴请", "吃请", "请吃"],
      ["医药", "药企", "企业"],
    ],
    tags: ["药企宴请"],
  },
  {
    stem: "手术前，患者家属硬塞给你一个红包，说“一点心意”，你应该：",
    right: "坚决拒收；确实无法拒绝的，按规定上交医院并如实登记",
    wrong: ["收下，手术后再退还", "收下，只要不影响诊疗就行", "收下后分给科室同事"],
    evidence: [["红包", "现金", "礼品"], ["患者"]],
    tags: ["红包"],
  },
  {
    stem: "某医药公司业务员请你提供科室近三个月各医生的药品用量数据，并承诺给予“辛苦费”，你应该：",
    right: "拒绝，为商业目的统计、提供医师或科室用药信息属于违规行为",
    wrong: [
      "只提供科室汇总数据，不提供个人数据",
      "提供数据但不收“辛苦费”",
      "请信息科帮忙导出后再提供",
    ],
    evidence: [["统计", "统方", "用量信息"]],
    tags: ["统方"],
  },
  {
    stem: "你的亲戚开了一家民营医院，希望你把门诊患者介绍过去检查，并按人头给你介绍费，你应该：",
    right: "拒绝，介绍患者到其他单位检查治疗收取提成属于违规行为",
    wrong: ["只介绍自愿前往的患者", "不收介绍费，只介绍患者过去", "下班后介绍就不算违规"],
    evidence: [["介绍患者", "转介", "引导患者"]],
    tags: ["转介患者"],
  },
  {
    stem: "供应商提出按你科室耗材使用量给你“返点”，你应该：",
    right: "拒绝并向医院纪检部门报告，这是收受回扣的违规行为",
    wrong: ["不要现金，换成购物卡就可以", "返点交给科室作为活动经费", "只要耗材质量合格就可以接受"],
    evidence: [["回扣", "提成", "返利", "财物"]],
    tags: ["回扣"],
  },
  {
    stem: "一家药企邀请你以“学术考察”名义去外地旅游，费用全包，你应该：",
    right: "拒绝，接受企业安排或支付费用的旅游属于违规",
    wrong: ["只要有半天学术活动就可以去", "自费机票、其余由企业承担", "以个人休假名义去即可"],
    evidence: [
      ["旅游", "考察"],
      ["企业", "医药", "支付"],
    ],
    tags: ["药企宴请"],
  },
  {
    stem: "有人托你帮忙“加号”，并暗示会给好处，你应该：",
    right: "拒绝，利用号源等医疗资源谋取利益属于违规行为",
    wrong: ["帮忙加号但不收好处", "收好处后按正常流程挂号", "让同事代为加号"],
    evidence: [["号源", "病床", "医疗资源"]],
    tags: ["号源"],
  },
  {
    stem: "医药代表在节日给你送来一张购物卡，说是“公司福利”，你应该：",
    right: "拒收；无法当面拒绝的，按规定登记上交",
    wrong: ["面额不大可以收下", "收下后转送患者", "收下但不为其产品做任何事"],
    evidence: [["财物", "购物卡", "消费卡", "礼品", "有价证券"]],
    tags: ["回扣"],
  },
  {
    stem: "科室准备以“学术会议”名义接受某企业赞助，并由企业指定参会人员和讲者，你应该：",
    right: "提醒不得借学术活动名义输送利益，赞助须经医院统一管理并依规公开",
    wrong: ["只要会议有学术内容就可以", "由科室自行决定接受即可", "赞助款打到个人账户更方便"],
    evidence: [
      ["学术", "会议"],
      ["捐赠", "赞助", "输送利益", "名义"],
    ],
    tags: ["学术会议"],
  },
  {
    stem: "为提高科室收入，有人提议对每位患者都加做几项非必要检查，你应该：",
    right: "反对，过度检查、小病大治属于医疗领域乱象",
    wrong: ["患者自愿付费就可以", "医保能报销的项目就可以加", "只对外地患者加做"],
    evidence: [["过度", "小病大治", "重复检查", "不合理"]],
    tags: ["收费"],
  },
  {
    stem: "医药代表提出替你支付外地学术会议的注册费和差旅费，你应该：",
    right: "谢绝个人接受；确需参会的由医院按规定统一安排",
    wrong: [
      "只要会议是真实的学术会议就可以接受",
      "接受注册费，差旅费自理",
      "由企业直接把钱打到个人账户即可",
    ],
    evidence: [["学术"], ["名义", "费用", "支付", "赞助"]],
    tags: ["学术会议"],
  },
  {
    stem: "同事从医药公司私下进了一批药品在科室使用，并加价卖给患者，你应该：",
    right: "劝阻并向医院报告，医务人员不得私自采购、销售药品",
    wrong: ["只要药品质量合格就没问题", "不加价就可以", "患者自愿购买就可以"],
    evidence: [["私自采购", "私自"]],
    tags: ["回扣"],
  },
  {
    stem: "投标企业在医院设备招标期间私下联系你，请你“多关照”并许诺好处，你应该：",
    right: "拒绝并报告，在采购活动中收受企业财物或回扣属于违规行为",
    wrong: ["招标结束后再收好处", "不收钱，只帮忙打听评分", "转交家属代收"],
    evidence: [["采购"], ["回扣", "财物", "利益"]],
    tags: ["回扣"],
  },
  {
    stem: "有患者请你开具与病情不符的药品，以便医保报销后转卖，你应该：",
    right: "拒绝，这是欺诈骗取医保基金的违法行为",
    wrong: ["少开一点就可以", "患者签字同意就可以", "只开自费药就可以"],
    evidence: [["医保"], ["骗", "欺诈", "倒卖"]],
    tags: ["医保"],
  },
  {
    stem: "某企业请你在门诊向患者推荐其保健品，并按销量给你分成，你应该：",
    right: "拒绝，借诊疗推销产品并收取提成属于违规行为",
    wrong: ["只推荐给有需要的患者就可以", "不要分成，只帮忙推荐", "下班后在网上推荐就可以"],
    evidence: [["提成", "回扣", "推销"]],
    tags: ["回扣"],
  },
];

/** Prohibition words a true/false statement may be flipped on. */
export const NEGATIONS: [RegExp, string][] = [
  [/严禁/, "允许"],
  [/禁止/, "允许"],
  [/不得/, "可以"],
  [/不准/, "可以"],
];
