/**
 * What a clause says about the conduct it names. Policy text forbids with
 * 严禁/不得/禁止 and with enforcement verbs (严肃查处, 严厉打击, 严惩), and lists
 * targets of rectification (整治内容) whose every item is forbidden conduct.
 * Conditions read 经…批准 / 未经备案的人员不得 …; 规范 / 按规定 mean the conduct
 * is regulated — allowed within the rules — unless something forbids it.
 */
export type Stance = "prohibits" | "conditions" | "regulates" | "describes";

const PROHIBITION =
  /严禁|禁止|不得|不准|不允许|严肃查处|严厉打击|严厉查处|严惩|从严查处|坚决查处|依法查处|查处|打击|惩治|纠治|严肃处理|防范|杜绝|遏制|红线|高压线|违法违规行为|违规行为|违纪行为|违法行为|违法犯罪|商业贿赂|不正当竞争/;
const STRONG_CONDITION =
  /未经[^，。；]{0,10}(批准|备案|同意)|经[^，。；]{0,12}(批准|同意|审批|备案)|须经|应当经|符合[^，。；]{0,10}条件/;
const WEAK_CONDITION = /按规定|按照规定|按照有关规定|依规|规范/;
/** Headings whose items are each a forbidden act. */
const FORBIDDEN_LIST =
  /整治内容|整治重点|违规行为|违法行为|禁止|负面清单|九不准|红线|底线|高压线|不正之风问题|打击|惩治|查处|严惩/;

export function clauseStance(sentence: string, section: string): Stance {
  if (STRONG_CONDITION.test(sentence)) return "conditions";
  if (PROHIBITION.test(sentence)) return "prohibits";
  if (FORBIDDEN_LIST.test(section)) return "prohibits";
  if (WEAK_CONDITION.test(sentence)) return "regulates";
  return "describes";
}

/** The words of a sentence that carry its prohibition, for naming it in an answer. */
export function prohibitionWords(sentence: string): string | undefined {
  return PROHIBITION.exec(sentence)?.[0];
}
