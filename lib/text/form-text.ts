/**
 * A blank form or register (自查登记表: 填报时间, 填表人(签字), 序号 … 人数 金额)
 * lists kinds of conduct as row labels: it names them without ruling on them,
 * so it is never cited as the rule on a kind of conduct.
 */
const FORM_MARKERS =
  /填报时间|填表人|填报人|负责人[(（]签字[)）]|[(（]签字[)）]|[(（]公章[)）]|盖章|序号|金额[(（]万元[)）]|人数|数值|单位名称|科室名称|联系电话[:：]/g;

export function looksLikeForm(text: string): boolean {
  const markers = new Set(text.match(FORM_MARKERS) ?? []);
  return markers.size >= 3;
}
