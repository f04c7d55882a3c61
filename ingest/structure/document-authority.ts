import type { Authority, DocumentMeta } from "../../knowledge/types.js";

const HOSPITAL_RULE =
  /(医院|卫生院|院内|本院|医疗机构|中心|门诊部)[^，。]{0,30}(规定|办法|制度|细则|规范|守则|须知|方案|准则|规程|条例)/;

/**
 * Whose rule an uploaded document is, when the admin did not say: a hospital's
 * own rule by its title, otherwise unknown. Never "official" — a text cannot
 * vouch for itself (a poisoned upload could claim any issuer); only the admin
 * can (`qingfeng ingest --official`), and the shipped corpus is.
 */
export function guessAuthority(meta: Pick<DocumentMeta, "title">): Exclude<Authority, "official"> {
  return HOSPITAL_RULE.test(meta.title) ? "local" : "unknown";
}
