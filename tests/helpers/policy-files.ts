import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Writes `count` small, distinct hospital rules as .txt files (each clause
 * names its file's number, so no two files share a clause) and returns their
 * paths. Enough text to parse into a document, little enough to ingest fast.
 */
export function writePolicyFiles(dir: string, prefix: string, count: number): string[] {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = `${prefix}${i}`;
    const file = join(dir, `${n}.txt`);
    writeFileSync(
      file,
      [
        `某医院第${n}号病区廉洁从业管理规定`,
        `一、第${n}号病区医务人员不得收受患者及其亲属赠送的红包、礼品，发现一次严肃处理一次。`,
        `二、第${n}号病区不得接受医药企业安排的宴请、旅游和娱乐活动，由病区主任负责落实。`,
        `三、第${n}号病区的采购事项一律由医院统一组织，任何个人不得私自联系供应商。`,
        "",
      ].join("\n"),
    );
    files.push(file);
  }
  return files;
}
