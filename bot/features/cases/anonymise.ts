import type { CaseFields } from "./case-notice.js";

/**
 * Case notices go to whole groups: people and hospitals are anonymised by
 * default (李某, 某医院) the way official notices do. Names listed in the
 * notice's people field are replaced everywhere; names written after a role
 * (医生王小明) are found by a surname + boundary heuristic; phone and ID
 * numbers are masked.
 */
export function anonymise(fields: CaseFields): CaseFields {
  const names = new Set(fields.people.filter((p) => p.length >= 2 && !p.includes("某")));
  for (const text of textsOf(fields)) for (const n of namesAfterRoles(text)) names.add(n);
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
      out = out.split(name).join(`${name[0]}某`);
    return out
      .replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, "1**********")
      .replace(/(?<!\d)\d{17}[\dXx](?!\d)/g, "******************");
  };
  return {
    ...fields,
    title: clean(fields.title) ?? "",
    institution: fields.institution ? placeholderInstitution(fields.institution) : undefined,
    people: fields.people.map((p) => (p.includes("某") ? p : `${p[0] ?? ""}某`)),
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

/** A named institution: a place (省/市/县/区/镇/乡) then a kind of health facility. */
const INSTITUTION_IN_TEXT =
  /[\u4e00-\u9fa5A-Za-z]{1,8}(?:省|市|县|区|镇|乡)[\u4e00-\u9fa5]{0,10}?(?:人民医院|中医院|中西医结合医院|妇幼保健院|卫生服务中心|卫生院|医院)/g;

function placeholderInstitution(name: string): string {
  if (/卫生院$/.test(name)) return "某卫生院";
  if (/卫生服务中心$/.test(name)) return "某社区卫生服务中心";
  if (/妇幼保健院$/.test(name)) return "某妇幼保健院";
  if (/医院$/.test(name)) return "某医院";
  return "某单位";
}

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const ROLE =
  /(?:主任医师|副主任医师|主治医师|医生|医师|副主任|主任|护士长|护士|药师|副院长|院长|科长|书记|医药代表|药代|员工|职工|技师|会计|采购员)/g;
/** Characters that end a name: punctuation, or words that start the next clause. */
const AFTER_NAME = /[，,。、；;（(：:\s等因在利收将于为被违多先向从与和及的是曾私]/;

/** Names written right after a role word: 医生王小明利用… → 王小明. */
export function namesAfterRoles(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(ROLE)) {
    const start = (m.index ?? 0) + m[0].length;
    const first = text[start];
    if (!first || !SURNAMES.includes(first)) continue;
    for (const len of [3, 2]) {
      const candidate = text.slice(start, start + len);
      const next = text[start + len];
      if (
        candidate.length === len &&
        /^[\u4e00-\u9fa5]+$/.test(candidate) &&
        !candidate.includes("某") &&
        (next === undefined || AFTER_NAME.test(next))
      ) {
        found.push(candidate);
        break;
      }
    }
  }
  return found;
}
