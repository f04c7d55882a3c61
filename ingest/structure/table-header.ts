/**
 * Task-division tables (任务分工表) share their column labels. A line holding
 * 序号 with two more of them is the header of such a table.
 */
const COLUMN_LABELS = [
  "序号",
  "任务",
  "责任单位",
  "牵头单位",
  "完成时限",
  "时间要求",
  "配合单位",
  "内容",
];

export function isTableHeader(line: string): boolean {
  if (line.length > 40 || !line.includes("序号")) return false;
  return COLUMN_LABELS.filter((label) => line.includes(label)).length >= 3;
}
