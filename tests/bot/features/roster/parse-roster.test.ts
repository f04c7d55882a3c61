import { describe, expect, it } from "vitest";
import { parseRoster } from "../../../../bot/features/roster/parse-roster.js";
import type { RosterMember } from "../../../../bot/features/roster/ports.js";
import { rosterCsv } from "../../../../bot/features/roster/roster-csv.js";

describe("parsing a roster", () => {
  it("reads a headed CSV in any column order, quoted fields, BOM and CRLF", () => {
    const members = parseRoster(
      '\uFEFF科室,姓名,Slack,Telegram\r\n心内科,张三,U01ABC,1001\r\n"外科, 二病区",李四,,1002\r\n',
    );
    expect(members).toEqual([
      { name: "张三", department: "心内科", ids: { slack: "U01ABC", telegram: "1001" } },
      { name: "李四", department: "外科, 二病区", ids: { telegram: "1002" } },
    ]);
  });

  it("takes a <platform>_id column for any platform, not only Telegram and Slack", () => {
    expect(
      parseRoster(
        "name,department,telegram_id,slack_id,wecom_id,Feishu User ID\n张三,心内科,1001,U01,zhangsan,ou_1\n",
      ),
    ).toEqual([
      {
        name: "张三",
        department: "心内科",
        ids: { telegram: "1001", slack: "U01", wecom: "zhangsan", feishu: "ou_1" },
      },
    ]);
  });

  it("reads a roster without a header as name, department, Telegram id, Slack id", () => {
    expect(parseRoster("张三,心内科,1001,U01\n李四,外科,,U02\n")).toEqual([
      { name: "张三", department: "心内科", ids: { telegram: "1001", slack: "U01" } },
      { name: "李四", department: "外科", ids: { slack: "U02" } },
    ]);
  });

  it("ignores columns it does not know", () => {
    expect(parseRoster("name,department,phone,id\n张三,心内科,138,7\n")).toEqual([
      { name: "张三", department: "心内科", ids: {} },
    ]);
  });

  it("reports every bad line at once and imports nothing", () => {
    expect(() =>
      parseRoster(
        "name,department,telegram_id,wecom_id\n张三,,1001,\n李四,外科,abc,\n王五,内科,1001,\n赵六,内科,1001,w\n钱七,内科,,w\n",
      ),
    ).toThrow(
      /line 2: name and department are required[\s\S]*line 3: Telegram user id "abc"[\s\S]*line 5: telegram:1001 already on line 4[\s\S]*line 6: wecom:w already on line 5/,
    );
  });
});

describe("exporting a roster", () => {
  it("writes a <platform>_id column per platform in use, and reads back the same", () => {
    const members: RosterMember[] = [
      { name: "张三", department: "心内科", ids: { telegram: "1001", slack: "U01" } },
      { name: "李四", department: "外科, 二病区", ids: { wecom: "lisi" } },
      { name: "王五", department: "外科", ids: {} },
    ];
    const csv = rosterCsv(members);
    expect(csv.replace(/^\uFEFF/, "").split("\r\n")[0]).toBe(
      "name,department,telegram_id,slack_id,wecom_id",
    );
    expect(parseRoster(csv)).toEqual(members);
  });
});
