/**
 * What a wh-question asks for, in the words rules use for it: "什么时候能见？"
 * is answered by a clause on 接待时间, "找谁审？" by one on who 负责/审核,
 * "会怎么处理？" by one that 给予警告、暂停…. Adding these words to the search
 * finds the article that answers, in any document, without lexicon work.
 */
const ATTRIBUTES: [RegExp, string][] = [
  [
    /什么时候|何时|几点|哪天|哪几天|时间|多久|多长时间|期限|截止|\bwhen\b/i,
    "时间 时限 期限 每周 日前",
  ],
  [/在哪|哪里|哪儿|什么地方|地点|\bwhere\b/i, "地点 场所 指定"],
  [/谁|哪个(科|部门|单位)|哪些(科|部门|单位)|归哪|归谁|找谁|\bwho\b/i, "负责 牵头 审核 部门"],
  [/批|审批|批准|同意|报备/, "审批 批准 同意 报"],
  [
    /怎么处理|如何处理|什么处理|受什么|会怎样|会怎么样|处罚|处分|后果|\bpenalt/i,
    "处理 给予 警告 暂停 取消 通报 追究",
  ],
  [/多少|比例|金额|数额|几成|\bhow much\b/i, "比例 金额 以上"],
  [/流程|程序|手续|怎么办理|怎么申请|怎么走|走什么/, "程序 申请 填写 报送 登记"],
  [/材料|带什么|证件|资料/, "材料 证明 授权书"],
  [/适用|也管|管不管|管我们|包括.{0,8}吗|算不算在内/, "适用 适用于 人员"],
  [/渠道|向谁反映|怎么举报|去哪举报|找谁反映|反映到哪/, "渠道 举报 电话 邮箱"],
  [/多久一次|多长时间一次|几次|频次/, "每半年 每季度 每年 定期"],
];

/** Rule words for what the question asks (empty for a yes/no question). */
export function askedAttributes(question: string): string[] {
  const words: string[] = [];
  for (const [pattern, terms] of ATTRIBUTES) {
    if (pattern.test(question)) words.push(...terms.split(" "));
  }
  return [...new Set(words)];
}
