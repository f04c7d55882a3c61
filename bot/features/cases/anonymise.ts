import type { CaseFields } from "./case-notice.js";
import { anonymisedName, personalNames } from "./personal-names.js";

export { namesAfterRoles } from "./personal-names.js";

/**
 * Case notices go to whole groups: people and hospitals are anonymised by
 * default (李某, 某医院) the way official notices do. Names listed in the
 * notice's people field are replaced everywhere, and so is every other name
 * the text gives (after a role, in a list, brought in by 伙同 / 与 …: see
 * personal-names.ts); phone and ID numbers are masked.
 */
export function anonymise(fields: CaseFields): CaseFields {
  const names = new Set(fields.people.filter((p) => p.length >= 2 && !p.includes("某")));
  for (const text of textsOf(fields)) for (const n of personalNames(text, names)) names.add(n);
  const institutions = new Set<string>();
  if (fields.institution && !fields.institution.startsWith("某"))
    institutions.add(fields.institution);
  for (const text of textsOf(fields))
    for (const i of text.match(INSTITUTION_IN_TEXT) ?? []) institutions.add(i);

  const clean = (text: string | undefined): string | undefined => {
    if (text === undefined) return undefined;
    let out = text;
    // Longest first, so 第一人民医院 is replaced before a shorter name inside it.
    for (const inst of [...institutions].sort((a, b) => b.length - a.length))
      out = out.split(inst).join(placeholderInstitution(inst));
    for (const name of [...names].sort((a, b) => b.length - a.length))
      out = out.split(name).join(anonymisedName(name));
    return out
      .replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, "1**********")
      .replace(/(?<!\d)\d{17}[\dXx](?!\d)/g, "******************");
  };
  return {
    ...fields,
    title: clean(fields.title) ?? "",
    institution: fields.institution ? placeholderInstitution(fields.institution) : undefined,
    people: fields.people.map((p) => (p.includes("某") || p === "" ? p : anonymisedName(p))),
    facts: clean(fields.facts) ?? "",
    violations: clean(fields.violations),
    result: clean(fields.result),
    lesson: clean(fields.lesson),
  };
}

function textsOf(fields: CaseFields): string[] {
  return [fields.title, fields.facts, fields.violations, fields.result, fields.lesson].filter(
    (t): t is string => Boolean(t),
  );
}

/**
 * A named institution: a place (省/市/县/区/镇/乡) then a kind of health
 * facility. The place holds no 某 (某县人民医院 is anonymous already) and no
 * word that ends the text before it (患者张三在…县人民医院 keeps 患者张三在).
 */
const INSTITUTION_IN_TEXT =
  /(?:[A-Za-z]|(?![某在于从到和与及的是为向经由将被患者其])\p{Script=Han}){1,8}(?:省|市|县|区|镇|乡)\p{Script=Han}{0,10}?(?:人民医院|中医院|中西医结合医院|妇幼保健院|卫生服务中心|卫生院|医院)/gu;

function placeholderInstitution(name: string): string {
  if (/卫生院$/.test(name)) return "某卫生院";
  if (/卫生服务中心$/.test(name)) return "某社区卫生服务中心";
  if (/妇幼保健院$/.test(name)) return "某妇幼保健院";
  if (/医院$/.test(name)) return "某医院";
  return "某单位";
}
