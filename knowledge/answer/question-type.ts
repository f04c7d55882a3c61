/**
 * What kind of question was asked decides how a clause answers it: "can I …?"
 * is answered 禁止 by a clause that targets the act; "what is …?" never is.
 */
export type QuestionType = "permission" | "consequence" | "requirement" | "definition" | "fact";

const PATTERNS: [QuestionType, RegExp][] = [
  ["definition", /什么是|是什么|指什么|含义|定义|what is|what does .* mean/i],
  [
    "consequence",
    /会怎样|会怎么样|怎么处理|如何处理|怎么办|属于什么|什么问题|什么性质|后果|处分|处罚|追责|查处吗|违规吗|违法吗|算不算|算.{1,12}吗|属于.{1,12}吗|是不是.{0,10}(违规|违法|违纪|贿赂)|what happens|consequence|penalt|punish|count as/i,
  ],
  [
    "permission",
    /可以|能否|能不能|可不可以|可否|允许|行不行|准不准|能.{0,20}吗|是否.{0,4}(可以|允许|能)|\bcan (i|we|a|an|the|doctors?|staff|nurses?|hospitals?)\b|\bmay (i|we)\b|allowed|permitted|\bok to\b/i,
  ],
  [
    "requirement",
    /要求|怎样管理|如何管理|怎么管理|应该怎么|应当|要怎样|要怎么|需要做|how (should|to|must)|requirement/i,
  ],
];

export function questionType(question: string): QuestionType {
  for (const [type, re] of PATTERNS) if (re.test(question)) return type;
  return "fact";
}

/** English when the question has more Latin letters than Han characters. */
export function questionLanguage(question: string): "zh" | "en" {
  const han = question.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = question.match(/[A-Za-z]/g)?.length ?? 0;
  return latin > han * 2 ? "en" : "zh";
}
