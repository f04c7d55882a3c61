import type { DocumentMeta } from "../../knowledge/types.js";

/**
 * Document metadata read from the text itself: the signature block (issuing
 * bodies over a date line), document numbers, the year of the title.
 */
const DOC_NUMBER = /[\p{Script=Han}A-Z]{1,12}[〔［[【(（﹝]\d{4}[〕］\]】)）﹞]\s*[X\d]{1,4}号/gu;
const DATE_LINE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;
const ORG = /(委员会|委|部|局|署|院|厅|办公室|办|会|政府|总局|中心)$/;

export interface MetaInput {
  title: string;
  lines: string[];
  hints: { date?: string | undefined; author?: string | undefined; news: boolean };
}

export interface MetaResult {
  meta: DocumentMeta;
  /** Lines that were metadata (signature, date, own number) and are not clause text. */
  consumed: Set<number>;
}

export function extractMeta({ title, lines, hints }: MetaInput): MetaResult {
  const consumed = new Set<number>();
  let date: string | undefined;
  let issuer: string | undefined;
  let docNumber: string | undefined;

  // A title is metadata, never a clause: the line that states it (near the top) goes.
  const bare = (t: string) => t.replace(/\s+/g, "");
  const titleLine = lines.slice(0, 4).findIndex((l) => l !== "" && bare(l) === bare(title));
  if (titleLine >= 0) consumed.add(titleLine);

  lines.forEach((line, i) => {
    const header = i < 6 && !consumed.has(i) ? headerLine(line) : undefined;
    if (header) {
      consumed.add(i);
      issuer ??= header.issuer;
      docNumber ??= header.docNumber;
      date ??= header.date;
      return;
    }
    if (i < 6 && ADOPTION_NOTE.test(line)) {
      consumed.add(i);
      return;
    }
    const d = DATE_LINE.exec(line);
    if (d && !date) {
      date = `${d[1]}-${pad(d[2])}-${pad(d[3])}`;
      consumed.add(i);
      const orgs = signatureAbove(lines, i);
      if (orgs.names.length > 0) {
        issuer = orgs.names.join("、");
        for (const j of orgs.lines) consumed.add(j);
      }
    }
    const own = new RegExp(`^${DOC_NUMBER.source}$`, "u").exec(line);
    if (own && !docNumber && i < 10) {
      docNumber = own[0];
      consumed.add(i);
    }
  });

  const references = [...new Set(lines.join("\n").match(DOC_NUMBER) ?? [])]
    .map((n) => n.replace(/^.*?(?=[\p{Script=Han}]{1,6}[〔［[【(（﹝])/u, ""))
    .filter((n) => docNumber === undefined || !n.endsWith(docNumber));
  date ??= hints.date;
  const year = yearOf(title) ?? (date ? Number(date.slice(0, 4)) : undefined);
  // Only bodies the text names issue it: a locality in the title ("吉林省") is not an issuer.
  if (hints.news) issuer ??= hints.author;

  return {
    meta: {
      // A PDF puts spaces where glyph runs meet ("XX 市"): a title has none.
      title: title.replace(
        /(?<=[A-Za-z0-9\p{Script=Han}])\s+(?=[\p{Script=Han}])|(?<=[\p{Script=Han}])\s+(?=[A-Za-z0-9])/gu,
        "",
      ),
      year,
      issuer,
      docNumber,
      date,
      references: references.length > 0 ? references : undefined,
      kind: hints.news ? "news" : "policy",
    },
    consumed,
  };
}

/** "（2024年3月12日院长办公会审议通过）": when and by whom a rule was adopted. */
const ADOPTION_NOTE =
  /^[（(]\d{4}年\d{1,2}月\d{1,2}日[^）)]{0,40}(通过|印发|发布|修订|施行|起施行)[）)]$/;

/**
 * A letterhead line under the title: issuer, document number and date in one
 * line ("XX市第一人民医院　院办发〔2024〕12号　2024年3月15日"). Every cell must be
 * one of the three, or the line is text.
 */
function headerLine(
  line: string,
): { issuer?: string; docNumber?: string; date?: string } | undefined {
  // Cells may be split by spaces, or run together when a PDF lost them.
  const m = HEADER_LINE.exec(line.replace(/[\s\u3000]+/g, " ").trim());
  if (!m?.groups) return undefined;
  const { org, num, date } = m.groups;
  if ([org, num, date].filter((g) => g !== undefined).length < 2) return undefined;
  const d = date ? DATE_LINE.exec(date) : null;
  return {
    issuer: org?.replace(/\s+/g, "") || undefined,
    docNumber: num,
    date: d ? `${d[1]}-${pad(d[2])}-${pad(d[3])}` : undefined,
  };
}

/** Issuer, document number and date, each optional, in this order (two at least). */
const HEADER_LINE = new RegExp(
  `^(?<org>[\\p{Script=Han}A-Z][\\p{Script=Han}A-Z ]{1,30}?(?:委员会|委|部|局|署|院|厅|办公室|办|政府|中心|室|科|处))?\\s?(?<num>${DOC_NUMBER.source})?\\s?(?<date>\\d{4}年\\d{1,2}月\\d{1,2}日)?$`,
  "u",
);

/** Lines of issuing bodies right above the date of a signature. */
function signatureAbove(lines: string[], dateLine: number): { names: string[]; lines: number[] } {
  const names: string[] = [];
  const used: number[] = [];
  for (let j = dateLine - 1; j >= 0 && j >= dateLine - 8; j--) {
    const line = lines[j] ?? "";
    if (line === "") continue;
    const cells = line.split(/\t+/).map((c) => c.trim());
    if (!cells.every((c) => c.length >= 2 && c.length <= 16 && ORG.test(c))) break;
    names.unshift(...cells);
    used.push(j);
  }
  return { names, lines: used };
}

function yearOf(title: string): number | undefined {
  const m = /(19|20)\d{2}(?=年)/.exec(title);
  return m ? Number(m[0]) : undefined;
}

function pad(n: string | undefined): string {
  return (n ?? "").padStart(2, "0");
}
